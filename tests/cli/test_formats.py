"""Every ``--format`` offers exactly the keys of its report's registry, and runs their writers."""

from __future__ import annotations

import argparse
import io
from collections.abc import Iterator
from typing import IO, Any

import pytest

from citynet.cli.main import build_parser
from citynet.report.backup_report import BACKUP_FORMATS, HISTORY_FORMATS
from citynet.report.change_packet import PACKET_FORMATS
from citynet.report.change_report import (
    AUDIT_LOG_FORMATS,
    CHANGE_LIST_FORMATS,
    CHANGE_SHOW_FORMATS,
    PLAN_FORMATS,
)
from citynet.report.diff_report import DIFF_FORMATS
from citynet.report.drift_report import DRIFT_FORMATS
from citynet.report.inventory_report import (
    INVENTORY_LIST_FORMATS,
    INVENTORY_SHOW_FORMATS,
    INVENTORY_VALIDATE_FORMATS,
)
from citynet.report.lab_report import LAB_STATUS_FORMATS
from citynet.report.push_report import PUSH_FORMATS
from citynet.report.validation import GOLDEN_FORMATS, VALIDATE_FORMATS
from citynet.voice.report import LINT_FORMATS, ROUTE_FORMATS
from tests.support import FIXTURES, PROJECT, CliRunner

REGISTRIES: dict[str, dict[str, Any]] = {
    "inventory validate": INVENTORY_VALIDATE_FORMATS,
    "inventory list": INVENTORY_LIST_FORMATS,
    "inventory show": INVENTORY_SHOW_FORMATS,
    "golden diff": GOLDEN_FORMATS,
    "validate": VALIDATE_FORMATS,
    "lab status": LAB_STATUS_FORMATS,
    "backup": BACKUP_FORMATS,
    "backup history": HISTORY_FORMATS,
    "drift": DRIFT_FORMATS,
    "diff": DIFF_FORMATS,
    "change plan": PLAN_FORMATS,
    "change list": CHANGE_LIST_FORMATS,
    "change show": CHANGE_SHOW_FORMATS,
    "change report": PACKET_FORMATS,
    "change apply": PUSH_FORMATS,
    "change rollback": PUSH_FORMATS,
    "audit log": AUDIT_LOG_FORMATS,
    "voice route": ROUTE_FORMATS,
    "voice lint": LINT_FORMATS,
}
"""Each command that takes ``--format`` and the registry it must take its choices from."""

RUNNING, GOLDEN = str(FIXTURES / "cli" / "running.cfg"), str(FIXTURES / "cli" / "golden.cfg")
RUNNABLE: dict[str, list[str]] = {
    "inventory validate": ["inventory", "validate"],
    "inventory list": ["inventory", "list", "--site", "FS01"],
    "inventory show": ["inventory", "show", "fs01-vg01"],
    "golden diff": ["golden", "diff", "--site", "FS01"],
    "validate": ["validate"],
    "lab status": ["lab", "status"],
    "backup history": ["backup", "history", "fs01-rtr01"],
    "drift": ["drift", "--offline", "--site", "FS01"],
    "diff": ["diff", RUNNING, GOLDEN],
    "voice route": ["voice", "route", "ch-vg01", "911"],
    "voice lint": ["voice", "lint", "--site", "FS01"],
}
"""How to run each of them offline, on the City workspace (``backup`` needs devices)."""


def format_options(
    parser: argparse.ArgumentParser, command: str = ""
) -> Iterator[tuple[str, argparse.Action]]:
    """(command, its --format action) for every parser and subparser."""
    for action in parser._actions:
        if "--format" in action.option_strings:
            yield command, action
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from format_options(sub, f"{command} {name}".strip())


def choices() -> dict[str, argparse.Action]:
    return dict(format_options(build_parser(io.StringIO())))


def test_every_format_option_has_a_registry() -> None:
    assert sorted(choices()) == sorted(REGISTRIES)


@pytest.mark.parametrize("command", REGISTRIES)
def test_choices_are_the_registry_keys(command: str) -> None:
    action = choices()[command]
    assert action.choices == list(REGISTRIES[command])
    assert action.default == "table" == next(iter(REGISTRIES[command]))


@pytest.mark.parametrize("command", REGISTRIES)
def test_choices_follow_the_registry(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    registry = REGISTRIES[command]
    monkeypatch.setitem(registry, "yaml", registry["json"])
    monkeypatch.delitem(registry, "json")
    assert choices()[command].choices == [*(k for k in registry if k != "yaml"), "yaml"]


def spy(out: IO[str], *args: object, **options: object) -> None:
    out.write(f"spy writer: {len(args)} argument(s), options {sorted(options)}\n")


@pytest.mark.parametrize("command", RUNNABLE)
def test_the_command_runs_the_registered_writer(
    command: str, cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(REGISTRIES[command], "spy", spy)
    result = cli(*RUNNABLE[command], "--format", "spy", cwd=PROJECT)
    assert result.out.startswith("spy writer: "), result.err


def test_diff_table_is_the_default_and_text_its_hidden_old_name(cli: CliRunner) -> None:
    table = cli("diff", RUNNING, GOLDEN, "--format", "table")
    assert (table.code, table.err) == (3, "")
    assert "Remediation:\n  hostname sw-new\n" in table.out
    assert cli("diff", RUNNING, GOLDEN) == table
    assert cli("diff", RUNNING, GOLDEN, "--format", "text") == table
    assert cli("diff", GOLDEN, GOLDEN, "--format", "text").out.endswith(": compliant\n")
    help_text = cli("diff", "--help").out
    assert "{table,json}" in help_text and "text" not in help_text
    wrong = cli("diff", RUNNING, GOLDEN, "--format", "xml")
    assert wrong.code == 2
    assert "choose from 'table', 'json'" in wrong.err and "text" not in wrong.err
