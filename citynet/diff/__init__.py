"""Configuration trees, semantic comparison, compliance, remediation and rollback.

``diff_configs(running, golden)`` is the entry point; see :mod:`citynet.diff.engine`.
"""

from __future__ import annotations

from citynet.diff.engine import DiffResult, diff_configs, diff_trees
from citynet.diff.parse import Node, parse

__all__ = ["DiffResult", "Node", "diff_configs", "diff_trees", "parse"]
