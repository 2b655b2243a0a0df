"""Configuration trees, semantic comparison, compliance, remediation and rollback.

``diff_configs(running, golden)`` is the entry point (:mod:`citynet.diff.engine`);
it returns a :class:`DiffResult` with the drift, per-feature compliance and
push-ready remediation and rollback. The modules, one idea each:

* ``rules`` - IOS semantics as data (keyed commands, secrets, tiers, noise);
* ``parse`` - text to a tree of :class:`Node`; ``blocks`` - skip identical blocks;
* ``compare`` - one walk giving drift, remediation and rollback commands;
* ``acl`` - ordered entry lists edited by sequence number;
* ``remediation`` - push order and push-ready text; ``tags`` - safe/manual filters;
* ``compliance`` with ``features.yaml`` - per-feature status;
* ``model`` - a config-applying model of IOS, ``apply(tree, commands)``;
* ``cache`` - content-hash cache; ``synth`` - generated devices and drift.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# bound here: the function ``parse`` shadows its module's name in this package
from citynet.diff.parse import Node, parse

if TYPE_CHECKING:
    from citynet.diff.engine import DiffResult, diff_configs, diff_trees

__all__ = ["DiffResult", "Node", "diff_configs", "diff_trees", "parse"]

_HOME = {
    "DiffResult": "citynet.diff.engine",
    "diff_configs": "citynet.diff.engine",
    "diff_trees": "citynet.diff.engine",
}
"""Where each name lives: imported on first use, so that a module needing only one part
(the baseline reads ``blocks``) does not load the comparison engine."""


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOME[name]), name)
