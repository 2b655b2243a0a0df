"""Render the selected hosts of a workspace: the steps shared by render, golden and validate."""

from __future__ import annotations

from dataclasses import dataclass

from citynet.diagnostics import Diagnostic
from citynet.inventory.filters import HostFilter, select
from citynet.inventory.model import Inventory
from citynet.render.golden import GoldenDiff, compare, orphaned, read_golden
from citynet.render.lint import lint_config, lint_fleet
from citynet.render.renderer import Rendered, render_all
from citynet.render.scan import scan_config
from citynet.workspace import Workspace


@dataclass
class RenderRun:
    """The outcome of rendering a selection of hosts."""

    inventory: Inventory
    results: list[Rendered]
    complete: bool
    """Whether every host of the inventory was selected (orphans are only known then)."""

    @property
    def configs(self) -> dict[str, str]:
        return {r.host: r.text for r in self.results if r.text is not None}

    @property
    def errors(self) -> list[Diagnostic]:
        return [r.error for r in self.results if r.error is not None]

    def file_of(self, host: str) -> str:
        return f"rendered/{host}.cfg"


def render_workspace(
    workspace: Workspace, inventory: Inventory, host_filter: HostFilter
) -> RenderRun:
    """Render every host matching the filter (template errors are collected, not raised)."""
    views = select(inventory, host_filter)
    results = render_all(
        inventory,
        workspace.templates_dir,
        views,
        cache_dir=workspace.state_dir / "cache" / "templates",
    )
    return RenderRun(inventory, results, complete=host_filter.empty)


def golden_diffs(workspace: Workspace, run: RenderRun) -> list[GoldenDiff]:
    """Rendered vs golden_configs/ for the run's hosts (and orphans on a complete run)."""
    rendered = {r.host: r.text for r in run.results}
    golden = read_golden(workspace.golden_dir, rendered)
    orphans = orphaned(workspace.golden_dir, run.inventory.views) if run.complete else []
    golden.update(read_golden(workspace.golden_dir, orphans))
    return compare(rendered, golden, orphans)


def lint_run(run: RenderRun) -> list[Diagnostic]:
    """Per-device lint of every rendered config, plus the fleet and site checks (each
    config is read once)."""
    configs = run.configs
    views = run.inventory.views
    scans = {host: scan_config(text) for host, text in configs.items()}
    problems = [
        problem
        for host, text in configs.items()
        for problem in lint_config(host, text, views[host], run.file_of(host), scan=scans[host])
    ]
    problems += lint_fleet(configs, views, {h: run.file_of(h) for h in configs}, scans)
    return problems
