"""The Qt-free model: content, diagram, geometry, file formats and storage."""
