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

from citynet.diff.engine import DiffResult, diff_configs, diff_trees
from citynet.diff.parse import Node, parse

__all__ = ["DiffResult", "Node", "diff_configs", "diff_trees", "parse"]
