"""Reports of golden diffs and of ``citynet validate``: a table, JSON, JUnit suites, Markdown.

``GOLDEN_FORMATS`` and ``VALIDATE_FORMATS`` are the registries of ``citynet
golden diff --format`` and ``citynet validate --format``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, Protocol

from citynet.report import baseline as baseline_report
from citynet.report.junit import Case, Suite, to_xml
from citynet.report.plain import write_json, write_table

if TYPE_CHECKING:
    from citynet.diagnostics import Diagnostic
    from citynet.inventory.model import Inventory
    from citynet.render.golden import GoldenDiff
    from citynet.render.pipeline import RenderRun
    from citynet.render.renderer import Rendered
    from citynet.validation import Validation

MAX_DIFF_LINES = 400
"""Longer diffs are cut in Markdown (a merge request comment has a size limit)."""


def golden_dict(item: GoldenDiff) -> dict[str, Any]:
    return {
        "host": item.host,
        "status": str(item.status),
        "added": item.added,
        "removed": item.removed,
        "diff": item.diff,
    }


def golden_suite(diffs: list[GoldenDiff]) -> Suite:
    return Suite(
        "golden configs",
        [
            Case(
                d.host,
                "golden",
                failure=(
                    f"golden config {d.status}: +{d.added} -{d.removed}" if d.differs else None
                ),
                details=d.diff,
            )
            for d in diffs
        ],
    )


def render_suite(results: list[Rendered]) -> Suite:
    return Suite(
        "render", [Case(r.host, "render", error=str(r.error) if r.error else None) for r in results]
    )


def _problem_cases(problems: list[Diagnostic], classname: str, passing: str) -> list[Case]:
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return [Case(passing, classname)]
    return [
        Case(
            p.location + (f" {p.host}" if p.host else ""),
            classname,
            failure=p.message,
            details=str(p),
        )
        for p in errors
    ]


def validation_suites(result: Validation) -> list[Suite]:
    safety = (
        [Suite("safety", [Case(line, "safety.changes") for line in result.safety_changes])]
        if result.safety_changes
        else []
    )
    suites = [
        *safety,
        Suite(
            "inventory",
            _problem_cases(result.inventory_problems, "inventory", "inventory is valid"),
        )
    ]
    if result.run is None:
        return suites
    suites.append(render_suite(result.run.results))
    by_host: dict[str, list[Diagnostic]] = {}
    for problem in result.lint_errors:
        by_host.setdefault(problem.host or "", []).append(problem)
    suites.append(
        Suite(
            "lint",
            [
                Case(
                    host,
                    "lint",
                    failure=(f"{len(by_host[host])} lint error(s)" if host in by_host else None),
                    details="\n".join(str(p) for p in by_host.get(host, [])),
                )
                for host in result.run.configs
            ],
        )
    )
    if result.baseline is not None:
        suites.append(
            baseline_report.device_suite(result.baseline.devices, result.baseline.problems)
        )
    suites.append(golden_suite(result.golden))
    return suites


def validation_dict(result: Validation) -> dict[str, Any]:
    run = result.run
    return {
        "ok": result.exit_code == 0,
        "exit_code": result.exit_code,
        "safety_changes": list(result.safety_changes),
        "inventory": {
            "valid": not result.inventory_errors,
            "problems": [p.as_dict() for p in result.inventory_problems],
        },
        "render": {
            "rendered": len(run.configs) if run else 0,
            "errors": [e.as_dict() for e in result.render_errors],
        },
        "lint": {
            "errors": len(result.lint_errors),
            "warnings": len(result.lint_warnings),
            "problems": [p.as_dict() for p in result.lint],
        },
        "baseline": result.baseline.as_dict() if result.baseline is not None else None,
        "golden": {
            "up_to_date": not result.golden_changes,
            "devices": [golden_dict(d) for d in result.golden if d.differs],
        },
    }


SAFETY_TITLE = "SAFETY-RELEVANT CHANGES (review these first)"


def write_validation_table(out: IO[str], result: Validation) -> None:
    if result.safety_changes:
        out.write(f"{SAFETY_TITLE}:\n")
        out.writelines(f"  {line}\n" for line in result.safety_changes)
        out.write("\n")
    for problem in [*result.inventory_problems, *result.render_errors, *result.lint]:
        out.write(f"{problem}\n")
    if result.baseline is not None:
        out.writelines(f"{problem}\n" for problem in result.baseline.problems)
        baseline_report.write_table(out, result.baseline.devices, "rendered configs")
    for item in result.golden_changes:
        out.write(item.diff)
    if result.golden_changes:
        out.write("\ngolden configs that would change:\n")
        for item in result.golden_changes:
            out.write(f"  {item.host}: {item.status} (+{item.added} -{item.removed})\n")
    out.write("\n" + summary_line(result) + "\n")


def summary_line(result: Validation) -> str:
    if result.run is None:
        return f"FAILED: {len(result.inventory_errors)} inventory error(s); nothing rendered"
    parts = [
        f"{len(result.run.configs)} device(s) rendered",
        f"{len(result.render_errors)} template error(s)",
        f"{len(result.lint_errors)} lint error(s), {len(result.lint_warnings)} warning(s)",
        *(
            [
                f"{len(result.baseline_errors)} baseline error(s), "
                f"{result.baseline.waived} waived failure(s)"
            ]
            if result.baseline is not None
            else []
        ),
        f"{len(result.golden_changes)} golden config(s) out of date",
    ]
    verdict = {0: "OK", 1: "FAILED", 3: "GOLDEN CONFIGS OUT OF DATE"}[result.exit_code]
    return f"{verdict}: " + "; ".join(parts)


def golden_markdown(out: IO[str], diffs: list[GoldenDiff], inventory: Inventory) -> None:
    changed = [d for d in diffs if d.differs]
    if not changed:
        out.write("No golden config changes.\n")
        return
    by_site = Counter(inventory.views[d.host].site for d in changed if d.host in inventory.views)
    sites = ", ".join(f"{site} ({count})" for site, count in sorted(by_site.items()))
    out.write(
        f"**{len(changed)} device(s)** would get a new golden config"
        + (f", at {sites}" if sites else "")
        + ".\n\n"
    )
    out.write("| device | site | role | status | added | removed |\n|---|---|---|---|---|---|\n")
    for item in changed:
        view = inventory.views.get(item.host)
        site, role = (view.site, str(view.role)) if view else ("-", "-")
        out.write(
            f"| `{item.host}` | {site} | {role} | {item.status} | "
            f"+{item.added} | -{item.removed} |\n"
        )
    out.write("\n")
    for item in changed:
        lines = item.diff.splitlines()
        cut = len(lines) > MAX_DIFF_LINES
        body = "\n".join(lines[:MAX_DIFF_LINES])
        out.write(
            f"<details><summary><code>{item.host}</code> (+{item.added} "
            f"-{item.removed})</summary>\n\n```diff\n{body}\n```\n"
        )
        if cut:
            out.write(
                f"\n({len(lines) - MAX_DIFF_LINES} more lines: run "
                f"`citynet golden diff --host {item.host}`)\n"
            )
        out.write("\n</details>\n\n")


def write_validation_markdown(out: IO[str], result: Validation) -> None:
    verdict = {0: "passed", 1: "failed", 3: "golden configs out of date"}[result.exit_code]
    out.write(f"## citynet validate: {verdict}\n\n")
    if result.safety_changes:
        out.write(f"### {SAFETY_TITLE}\n\n")
        out.writelines(f"- `{line}`\n" for line in result.safety_changes)
        out.write("\n")
    out.write("| check | result |\n|---|---|\n")
    inv = result.inventory
    out.write(
        f"| inventory | {len(result.inventory_errors)} error(s)"
        + (f"; {len(inv.sites)} sites, {len(inv.views)} devices" if inv else "")
        + " |\n"
    )
    if result.run is not None:
        out.write(
            f"| render | {len(result.run.configs)} rendered, "
            f"{len(result.render_errors)} template error(s) |\n"
        )
        out.write(
            f"| lint | {len(result.lint_errors)} error(s), "
            f"{len(result.lint_warnings)} warning(s) |\n"
        )
        if result.baseline is not None:
            out.write(
                f"| security baseline | {result.baseline.failures} failure(s), "
                f"{result.baseline.waived} waived |\n"
            )
        out.write(f"| golden configs | {len(result.golden_changes)} device(s) change |\n")
    out.write("\n")
    problems = [
        *result.inventory_errors,
        *result.render_errors,
        *result.lint,
        *(result.baseline.problems if result.baseline is not None else []),
    ]
    if problems:
        out.write("### Problems\n\n")
        for problem in problems:
            out.write(
                f"- `{problem.location}` {problem.severity}: "
                f"{'**' + problem.host + '** ' if problem.host else ''}{problem.message}"
                f"{' — ' + problem.hint if problem.hint else ''}\n"
            )
        out.write("\n")
    if result.baseline is not None:
        baseline_report.write_markdown(out, result.baseline.devices, "rendered configs")
    if result.golden_changes and result.inventory is not None:
        out.write("### Golden config changes\n\n")
        golden_markdown(out, result.golden, result.inventory)


class GoldenWriter(Protocol):
    """Writes the golden diff of a render run; ``stat`` (counts only) is for the table."""

    def __call__(
        self, out: IO[str], diffs: list[GoldenDiff], run: RenderRun, *, stat: bool
    ) -> None: ...


def write_golden_table(
    out: IO[str], diffs: list[GoldenDiff], run: RenderRun, *, stat: bool
) -> None:
    changed = [d for d in diffs if d.differs]
    if not stat:
        for item in changed:
            out.write(item.diff)
    if changed:
        write_table(
            out,
            ("host", "status", "added", "removed"),
            [
                {"host": d.host, "status": str(d.status), "added": d.added, "removed": d.removed}
                for d in changed
            ],
        )
    out.write(f"{len(changed)} of {len(diffs)} golden config(s) would change\n")


def _golden_json(out: IO[str], diffs: list[GoldenDiff], run: RenderRun, *, stat: bool) -> None:
    write_json(
        out,
        {
            "up_to_date": not any(d.differs for d in diffs) and not run.errors,
            "devices": [golden_dict(d) for d in diffs],
            "errors": [e.as_dict() for e in run.errors],
        },
    )


def _golden_markdown(out: IO[str], diffs: list[GoldenDiff], run: RenderRun, *, stat: bool) -> None:
    golden_markdown(out, diffs, run.inventory)


def _golden_junit(out: IO[str], diffs: list[GoldenDiff], run: RenderRun, *, stat: bool) -> None:
    out.write(to_xml([golden_suite(diffs), render_suite(run.results)]))
    out.write("\n")


GOLDEN_FORMATS: dict[str, GoldenWriter] = {
    "table": write_golden_table,
    "json": _golden_json,
    "markdown": _golden_markdown,
    "junit": _golden_junit,
}
"""``citynet golden diff --format``: name -> writer (the first is the default)."""


def _validation_json(out: IO[str], result: Validation) -> None:
    write_json(out, validation_dict(result))


def _validation_junit(out: IO[str], result: Validation) -> None:
    out.write(to_xml(validation_suites(result), name="citynet validate") + "\n")


VALIDATE_FORMATS: dict[str, Callable[[IO[str], Validation], None]] = {
    "table": write_validation_table,
    "json": _validation_json,
    "junit": _validation_junit,
    "markdown": write_validation_markdown,
}
"""``citynet validate --format``: name -> writer (the first is the default)."""
