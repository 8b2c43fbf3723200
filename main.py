"""Start gutskin-desktop: ``python main.py [options]`` (the same as the ``gutskin`` command)."""
from gutskin_desktop.cli import run

if __name__ == "__main__":
    run()
