"""The Qt-free PDF export: handouts and posters drawn with reportlab from the model."""
from . import speedups

speedups.install()
