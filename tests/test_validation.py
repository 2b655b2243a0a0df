"""``validate_workspace`` checks each device in one pass (render, lint, baseline in the same
worker): it finds exactly what the separate passes find, and times each phase."""

from __future__ import annotations

import json
from pathlib import Path

from citynet.compliance.fleet import check_fleet, load_baseline
from citynet.inventory.filters import HostFilter
from citynet.inventory.loader import validate_inventory
from citynet.render.pipeline import golden_diffs, lint_run, render_workspace
from citynet.validation import validate_workspace
from citynet.workspace import find_workspace
from tests.support import PROJECT, CliRunner


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def test_one_pass_finds_what_the_separate_passes_find(workspace_copy: Path) -> None:
    base = workspace_copy / "templates" / "base.j2"
    _replace(base, "no ip http server\n", "")  # a baseline failure on every device
    _replace(base, "ip ssh version 2\n", "ip ssh version 2\nip tftp source-interface NOT-DEFINED\n")
    with (workspace_copy / "inventory" / "baseline_waivers.yaml").open("a") as out:
        out.write(
            "  - rule: CN-MGMT-01\n    hosts: [dc1-rtr01]\n    reason: waives a failure\n"
            "  - rule: CN-MGMT-02\n    hosts: [dc1-rtr01]\n    reason: waives nothing\n"
        )
    workspace = find_workspace(workspace_copy, explicit=True)

    result = validate_workspace(workspace)

    inventory, _ = validate_inventory(
        workspace.inventory_dir, workspace.settings, display_root=workspace.root
    )
    assert inventory is not None
    run = render_workspace(workspace, inventory, HostFilter())
    baseline = load_baseline(
        workspace.inventory_dir,
        display_root=workspace.root,
        hosts=inventory.views,
        groups=inventory.groups,
        sites=inventory.sites,
    )
    separate = check_fleet(baseline, run.configs, inventory.views, complete=True)
    assert result.run is not None and result.baseline is not None
    assert result.run.configs == run.configs
    assert [str(p) for p in result.lint] == [str(p) for p in lint_run(run)]
    assert result.baseline.as_dict() == separate.as_dict()
    assert result.golden == golden_diffs(workspace, run)
    # what this copy was made to show, so the comparison above compares something
    assert any("NOT-DEFINED" in str(p) for p in result.lint)
    assert len(result.baseline.errors) == 427
    assert (
        [p.message for p in result.baseline.warnings]
        == [m for m in (p.message for p in separate.warnings) if "CN-MGMT-02" in m]
        != []
    )
    assert result.exit_code == 1


def test_timings_name_every_phase(workspace_copy: Path) -> None:
    result = validate_workspace(find_workspace(workspace_copy, explicit=True))
    assert list(result.timings) == [
        "inventory",
        "baseline rules and waivers",
        "render, lint, baseline per device",
        "  rendering cpu",
        "  lint cpu",
        "  baseline cpu",
        "lint across devices and sites",
        "baseline across devices (waivers)",
        "golden configs",
    ]
    assert all(seconds >= 0 for seconds in result.timings.values())


def test_timings_go_to_standard_error_only(cli: CliRunner) -> None:
    result = cli("validate", "--format", "json", "--timings", cwd=PROJECT)
    quiet = cli("validate", "--format", "json", cwd=PROJECT)
    assert quiet.err == ""
    assert (result.code, result.out) == (quiet.code, quiet.out)  # the report is the same
    assert "golden" in json.loads(result.out)
    lines = result.err.splitlines()
    assert lines[0] == "timings (seconds, wall clock unless marked cpu):"
    named = [line.split("  ")[1].strip() for line in lines[1:]]
    assert named[:4] == [
        "start-up (interpreter, command line)",
        "imports of the validation modules",
        "inventory",
        "baseline rules and waivers",
    ]
    assert named[-1] == "the whole command"
    assert lines[-1].split()[-1].replace(".", "").isdigit()
