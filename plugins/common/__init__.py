"""Helpers every plugin and task shares; not a Pelican plugin itself."""
