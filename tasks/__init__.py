"""Nornir tasks: one per-host unit of work each, thin wrappers over :mod:`citynet`."""
