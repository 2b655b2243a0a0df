"""The examples in the state package's docstrings."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["citynet.state.features", "citynet.state.health", "citynet.state.snapshot"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0
    assert result.failed == 0


def test_importing_the_state_package_loads_neither_genie_nor_ttp() -> None:
    import subprocess
    import sys

    code = (
        "import sys, citynet.state; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('genie', 'ttp', 'pyats')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
