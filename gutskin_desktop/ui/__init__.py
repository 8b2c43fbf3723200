"""The Qt user interface: it reads and edits the model, and never holds business logic."""
