"""``citynet validate``: everything CI checks on a change to inventory/ or templates/.

Inventory validation, render of every device, lint of the rendered configs, the
security baseline on them and golden configs up to date, in one pass that reports
everything it finds.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field

from citynet.compliance.engine import DeviceBaseline
from citynet.compliance.fleet import BaselineRun, fleet_run, load_baseline
from citynet.diagnostics import Diagnostic, Severity
from citynet.inventory.filters import HostFilter, select
from citynet.inventory.loader import validate_inventory
from citynet.inventory.model import Inventory
from citynet.render.golden import GoldenDiff
from citynet.render.pipeline import RenderRun, golden_diffs, lint_fleet_of, lint_host
from citynet.render.renderer import Rendered, render_each
from citynet.render.scan import Scan
from citynet.workspace import Workspace


@dataclass
class Validation:
    """What each stage found; later stages are skipped when the inventory is invalid."""

    inventory_problems: list[Diagnostic]
    inventory: Inventory | None = None
    run: RenderRun | None = None
    lint: list[Diagnostic] = field(default_factory=list)
    golden: list[GoldenDiff] = field(default_factory=list)
    safety_changes: list[str] = field(default_factory=list)
    """Safety-relevant changes against ``--base`` (settings, change policy)."""
    baseline: BaselineRun | None = None
    """The security baseline on the rendered configs (unwaived failures are errors)."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per phase, in the order run (see :func:`validate_workspace`)."""

    @property
    def inventory_errors(self) -> list[Diagnostic]:
        return [p for p in self.inventory_problems if p.severity is Severity.ERROR]

    @property
    def render_errors(self) -> list[Diagnostic]:
        return self.run.errors if self.run else []

    @property
    def lint_errors(self) -> list[Diagnostic]:
        return [p for p in self.lint if p.severity is Severity.ERROR]

    @property
    def lint_warnings(self) -> list[Diagnostic]:
        return [p for p in self.lint if p.severity is Severity.WARNING]

    @property
    def baseline_errors(self) -> list[Diagnostic]:
        return self.baseline.errors if self.baseline else []

    @property
    def errors(self) -> list[Diagnostic]:
        return self.inventory_errors + self.render_errors + self.lint_errors + self.baseline_errors

    @property
    def golden_changes(self) -> list[GoldenDiff]:
        return [d for d in self.golden if d.differs]

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 1
        return 3 if self.golden_changes else 0


@dataclass
class _Checked:
    """What a worker finds on one rendered config besides the text itself."""

    lint: list[Diagnostic]
    scan: Scan
    baseline: DeviceBaseline | None
    lint_seconds: float
    baseline_seconds: float


def validate_workspace(workspace: Workspace) -> Validation:
    """Run every stage on the whole fleet (see :func:`_validate`).

    Python's cycle collector is paused meanwhile: the run builds many short-lived
    objects and few cycles, the data are bounded (the inventory loader caps them),
    and the forked workers then never touch the parent's pages to scan them.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _validate(workspace)
    finally:
        if paused:
            gc.enable()


def _validate(workspace: Workspace) -> Validation:
    """Run every stage on the whole fleet.

    Each device is rendered, linted and checked against the baseline in the same
    worker process (one pass, its text never sent twice); the checks that need the
    whole fleet follow. ``timings`` holds each phase's wall-clock seconds and, for
    the per-device work done in parallel, the CPU seconds each part took in all
    (``... cpu``).
    """
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    inventory, problems = validate_inventory(
        workspace.inventory_dir, workspace.settings, display_root=workspace.root
    )
    lap("inventory")
    result = Validation(problems, inventory, timings=timings)
    if inventory is None or result.inventory_errors:
        return result
    baseline = load_baseline(
        workspace.inventory_dir,
        display_root=workspace.root,
        hosts=inventory.views,
        groups=inventory.groups,
        sites=inventory.sites,
    )
    lap("baseline rules and waivers")
    run = RenderRun(inventory, [], complete=True)

    def check(rendered: Rendered) -> _Checked | None:
        if rendered.text is None:
            return None
        start = time.process_time()
        found, scan = lint_host(run, rendered.host, rendered.text)
        linted = time.process_time()
        view = inventory.views.get(rendered.host)
        device = baseline.check(view, rendered.text) if view is not None else None
        return _Checked(found, scan, device, linted - start, time.process_time() - linted)

    done = render_each(
        inventory,
        workspace.templates_dir,
        select(inventory, HostFilter()),
        check,
        cache_dir=workspace.state_dir / "cache" / "templates",
    )
    run.results = [rendered for rendered, _, _ in done]
    result.run = run
    checked = {rendered.host: found for rendered, found, _ in done if found is not None}
    lap("render, lint, baseline per device")
    timings["  rendering cpu"] = sum(seconds for _, _, seconds in done)
    timings["  lint cpu"] = sum(c.lint_seconds for c in checked.values())
    timings["  baseline cpu"] = sum(c.baseline_seconds for c in checked.values())
    clock = time.perf_counter()
    result.lint = lint_fleet_of(run, {host: (c.lint, c.scan) for host, c in checked.items()})
    lap("lint across devices and sites")
    for host, found in checked.items():
        if found.baseline is not None:
            baseline.record(inventory.views[host], found.baseline)
    result.baseline = fleet_run(
        baseline,
        [c.baseline for c in checked.values() if c.baseline is not None],
        complete=run.complete,
    )
    lap("baseline across devices (waivers)")
    result.golden = golden_diffs(workspace, run)
    lap("golden configs")
    return result
