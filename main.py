"""Start gutskin-desktop: ``python main.py [options]`` (the same as the ``gutskin`` command)."""
import sys

from gutskin_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
