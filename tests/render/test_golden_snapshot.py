"""Golden configs are the snapshot tests: the render of every City device equals its file."""

from __future__ import annotations

import re

import pytest

from citynet.inventory.filters import HostFilter
from citynet.inventory.loader import load_inventory
from citynet.ios.secrets import MARKER
from citynet.render.pipeline import RenderRun, golden_diffs, lint_run, render_workspace
from citynet.workspace import Workspace, find_workspace
from tests.support import PROJECT

Run = tuple[Workspace, RenderRun]


@pytest.fixture(scope="module")
def run() -> Run:
    workspace = find_workspace(PROJECT)
    return workspace, render_workspace(
        workspace, load_inventory(workspace.inventory_dir), HostFilter()
    )


def test_every_city_device_renders(run: Run) -> None:
    _, result = run
    assert result.errors == []
    assert len(result.configs) == len(result.inventory.views) == 428


def test_golden_configs_equal_the_render(run: Run) -> None:
    workspace, result = run
    changed = [d for d in golden_diffs(workspace, result) if d.status != "unchanged"]
    assert changed == [], (
        "golden configs are out of date; review the change, then run "
        "'citynet golden update' and commit golden_configs/:\n"
        + "".join(d.diff[:2000] for d in changed[:3])
    )


def test_rendered_fleet_lints_clean(run: Run) -> None:
    _, result = run
    assert [str(p) for p in lint_run(result)] == []


SECRET_LINE = re.compile(r"\b(secret|password|key|community)\s+(\S+)")
KEY_NUMBER = re.compile(r"\bkey \d+(?: (?:md5|sha1|sha256|hmac-sha-256) (\S+))?$")
"""A key number (key chain entry, NTP key) is no secret; a value after its algorithm is."""


def test_no_secret_values_in_golden_configs() -> None:
    for path in sorted((PROJECT / "golden_configs").glob("*.cfg")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith(("description", "snmp-server location", "key chain ")):
                continue
            numbered = KEY_NUMBER.search(stripped)
            if numbered:
                value = numbered.group(1)
                assert value is None or MARKER.fullmatch(value), f"{path.name}:{number}: {line}"
                stripped = stripped[: numbered.start()]
            for match in SECRET_LINE.finditer(stripped):
                # Every secret is a named marker: the plan says which secret goes where.
                assert MARKER.fullmatch(match.group(2)), f"{path.name}:{number}: {line}"
