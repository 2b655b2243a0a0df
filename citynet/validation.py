"""``citynet validate``: everything CI checks on a change to inventory/ or templates/.

Inventory validation, render of every device, lint of the rendered configs, the
security baseline on them and golden configs up to date, in one pass that reports
everything it finds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from citynet.compliance.fleet import BaselineRun, check_fleet, load_baseline
from citynet.diagnostics import Diagnostic, Severity
from citynet.inventory.filters import HostFilter
from citynet.inventory.loader import validate_inventory
from citynet.inventory.model import Inventory
from citynet.render.golden import GoldenDiff
from citynet.render.pipeline import RenderRun, golden_diffs, lint_run, render_workspace
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


def validate_workspace(workspace: Workspace) -> Validation:
    """Run every stage on the whole fleet."""
    inventory, problems = validate_inventory(
        workspace.inventory_dir, workspace.settings, display_root=workspace.root
    )
    result = Validation(problems, inventory)
    if inventory is None or result.inventory_errors:
        return result
    result.run = render_workspace(workspace, inventory, HostFilter())
    result.lint = lint_run(result.run)
    baseline = load_baseline(
        workspace.inventory_dir,
        display_root=workspace.root,
        hosts=inventory.views,
        groups=inventory.groups,
        sites=inventory.sites,
    )
    result.baseline = check_fleet(
        baseline, result.run.configs, inventory.views, complete=result.run.complete
    )
    result.golden = golden_diffs(workspace, result.run)
    return result
