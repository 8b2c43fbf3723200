"""gutskin-desktop: an interactive gut-brain-skin axis diagram with printable handouts."""

__version__ = "0.1.0"
