"""The examples in the diff engine's docstrings."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "citynet.diff.acl",
    "citynet.diff.blocks",
    "citynet.diff.cache",
    "citynet.diff.engine",
    "citynet.diff.model",
    "citynet.diff.parse",
    "citynet.diff.remediation",
    "citynet.ios.rules",
    "citynet.diff.tags",
    "citynet.ios.vlans",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
