"""Rendering: device configurations from the inventory through Jinja2 templates."""
