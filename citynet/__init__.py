"""citynet: the City's network-as-code toolkit."""

from __future__ import annotations

__version__ = "0.1.0"
