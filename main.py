"""Start gutskin-desktop: ``python main.py [options]`` (the same as the ``gutskin`` command).

It goes through the command line (:func:`gutskin_desktop.cli.run`), which opens the app's
window when no subcommand is given: imports run one way, command line, app, windows.
"""
from gutskin_desktop.cli import run

if __name__ == "__main__":
    run()
