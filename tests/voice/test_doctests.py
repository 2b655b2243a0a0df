"""The examples in the voice package's docstrings."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "citynet.voice.lint",
    "citynet.voice.model",
    "citynet.voice.patterns",
    "citynet.voice.risk",
    "citynet.voice.route",
    "citynet.voice.samples",
    "citynet.voice.translate",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0
    assert result.attempted > 0
