"""The layout designer: the page as it will print, with blocks to arrange on top."""
