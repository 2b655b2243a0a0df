"""The target guard: only addresses inside the allowed ranges (loopback by default)."""

from __future__ import annotations

import pytest

from citynet.device.targets import check_target
from citynet.errors import TargetNotAllowedError
from citynet.workspace import parse_settings


def test_targets_outside_the_allowed_ranges_are_refused() -> None:
    settings = parse_settings({"safety": {"allowed_targets": ["127.10.0.0/16"]}})
    check_target("127.10.21.1", settings, "fs01-rtr01")
    with pytest.raises(TargetNotAllowedError, match=r"x: refusing to connect to 127\.11\.0\.1"):
        check_target("127.11.0.1", settings, "x")


@pytest.mark.parametrize("address", ["10.0.62.2", "192.0.2.1", "::1", "fs01-rtr01.example"])
def test_by_default_only_ipv4_loopback_is_allowed(address: str) -> None:
    with pytest.raises(TargetNotAllowedError, match=r"127\.0\.0\.0/8.*allowed_targets"):
        check_target(address, parse_settings({}), "x")
