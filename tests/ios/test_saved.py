"""Unsaved changes read from the header IOS prints at the top of ``show running-config``."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from citynet.ios.saved import unsaved_changes
from tests.support import FIXTURES

CASES: list[dict[str, Any]] = yaml.safe_load((FIXTURES / "saved" / "headers.yaml").read_text())


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_header(case: dict[str, Any]) -> None:
    text = case["header"] + "version 17.9\nhostname r1\nend\n"
    assert unsaved_changes(text) == case["unsaved"]


def test_only_the_header_counts() -> None:
    body = "banner motd ^C\n! Last configuration change at 10:02:03 UTC Mon Nov 30 2026\n^C\n"
    saved = (
        "! Last configuration change at 09:00:00 UTC Mon Nov 30 2026\n"
        "! NVRAM config last updated at 09:30:00 UTC Mon Nov 30 2026\n"
    )
    assert unsaved_changes(saved + "x\n" * 5000 + body) is None
