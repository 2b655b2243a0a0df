"""The Genie-parsed state features on real device output (genieparser's own test outputs).

Each real output goes through :func:`parse_command` as a snapshot would send it; the
rows must name what the expected Genie structure names (the same neighbours, groups,
interfaces ...) with their state, so the normalisers hold on text nobody here wrote.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from citynet.state.features import ShowCommand
from citynet.state.parse import parse_command
from tests.support import corpus_files

pytest.importorskip("genie")

PARSER_TESTS = "genieparser/src/genie/libs/parser"


def _ospf(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (rid, n["state"].split("/")[0].strip())
        for i in data["interfaces"].values()
        for rid, n in i["neighbors"].items()
    }


def _standby(data: dict[str, Any]) -> set[tuple[str, str]]:
    found = set()
    for row in data["interface"].values():
        for key, group in (row.get("groups") or {"": row}).items():
            found.add((str(group.get("grp", key)), group["state"]))
    return found


def _dsp(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (slot, d["state"].lower())
        for slot, s in data["dsp_groups"].items()
        for d in s["dsps"].values()
    }


def _cdp(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(str(r["device_id"]).split(".")[0], "yes") for r in data.get("index", {}).values()}


def _status(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(name, row["status"]) for name, row in data["interface"].items()}


# (command, platform, genieparser test class, expected rows from the expected JSON,
#  the same from our rows)
CASES: list[tuple[str, str, str, Callable[[dict[str, Any]], set[tuple[str, str]]], str]] = [
    ("show ip ospf neighbor", "cisco_iosxe", "iosxe/tests/ShowIpOspfNeighbor", _ospf, "ospf"),
    ("show standby brief", "cisco_iosxe", "iosxe/tests/ShowStandbyBrief", _standby, "hsrp"),
    ("show voice dsp group all", "cisco_iosxe", "iosxe/tests/ShowVoiceDspGroupAll", _dsp, "dsp"),
    ("show cdp neighbors detail", "cisco_ios", "ios/tests/ShowCdpNeighborsDetail", _cdp, "cdp"),
    ("show ip interface brief", "cisco_iosxe", "iosxe/tests/ShowIpInterfaceBrief", _status, "if"),
]


def _ours(kind: str, rows: dict[str, dict[str, str]]) -> set[tuple[str, str]]:
    if kind == "ospf":
        return {(item.split()[1], row["state"]) for item, row in rows.items()}
    if kind == "hsrp":
        return {(item.split()[1], row["state"]) for item, row in rows.items()}
    if kind == "dsp":
        return {(item.rsplit(" ", 1)[1], row["state"]) for item, row in rows.items()}
    if kind == "cdp":
        return {(item.split(" on ")[0], row["present"]) for item, row in rows.items()}
    return {(item, row["status"]) for item, row in rows.items()}


def _params() -> list[Any]:
    params = []
    for command, platform, folder, expected, kind in CASES:
        for output in corpus_files(f"{PARSER_TESTS}/{folder}/cli/equal", "*_output.txt"):
            arguments = output.with_name(output.name.replace("_output.txt", "_arguments.json"))
            if arguments.exists():
                continue  # a variant of the command (vrf, interface ...), not what we send
            params.append(
                pytest.param(command, platform, output, expected, kind, id=f"{kind}-{output.stem}")
            )
    return params


@pytest.mark.parametrize(("command", "platform", "output", "expected", "kind"), _params())
def test_genie_feature_on_real_output(
    command: str,
    platform: str,
    output: Path,
    expected: Callable[[dict[str, Any]], set[tuple[str, str]]],
    kind: str,
) -> None:
    stem = output.name.removesuffix("_output.txt")
    want = expected(json.loads(output.with_name(f"{stem}_expected.json").read_text("utf-8")))
    rows = parse_command(ShowCommand(command, "genie"), platform, output.read_text("utf-8"))
    assert rows
    assert _ours(kind, rows) == want
