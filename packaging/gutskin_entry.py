"""The standalone app's entry point: the ``gutskin`` command, as ``pip`` installs it.

PyInstaller freezes this script into ``dist/gutskin/gutskin``: with no arguments it opens
the app, with a subcommand it runs the command line (``gutskin export ...``,
``gutskin layouts``, ``gutskin --version``).
"""
from gutskin_desktop.cli import run

if __name__ == "__main__":
    run()
