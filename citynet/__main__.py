"""``python -m citynet``."""

from citynet.cli.main import run

run()
