"""The baseline over a fleet: rules and waivers together, per device and for a whole run.

``FleetBaseline`` checks any device's configuration (rendered by ``validate``,
running in the drift reports) with the waivers that cover it, and remembers
which waivers were used, so that a whole-fleet run can name the waivers that
waive nothing any more. ``BaselineRun`` is what ``citynet validate`` reports:
an unwaived failure is an error (a diagnostic naming the host, the rule and
what is missing), a problem of the waivers file is an error with its line, an
unused waiver is a warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from citynet.compliance import waivers as waiver_file
from citynet.compliance.engine import DeviceBaseline, check_config
from citynet.compliance.rules import Rules, default_rules
from citynet.diagnostics import Diagnostic, Severity


class DeviceLike(Protocol):
    """What the baseline needs to know of a device (``HostView`` is one)."""

    @property
    def name(self) -> str: ...

    @property
    def site(self) -> str: ...

    @property
    def groups(self) -> tuple[str, ...]: ...

    @property
    def role(self) -> Any: ...

    @property
    def platform(self) -> Any: ...


class FleetBaseline:
    """The rules and the waivers of a workspace."""

    def __init__(
        self,
        rules: Rules,
        waivers: waiver_file.Waivers | None = None,
        problems: list[Diagnostic] | None = None,
    ) -> None:
        self.rules = rules
        self.waivers = waivers or waiver_file.Waivers()
        self.problems = problems or []
        """Problems of the waivers file (errors)."""
        self.used: set[int] = set()

    def check(self, device: DeviceLike, text: str) -> DeviceBaseline:
        """The baseline on one device's configuration, its waivers applied."""
        role = str(device.role) if device.role is not None else None
        platform = str(device.platform) if device.platform is not None else None
        covering = self.waivers.for_device(device.name, device.groups, device.site)
        result = check_config(
            text,
            self.rules,
            role=role,
            platform=platform,
            waived={rule: w.reason for rule, w in covering.items()},
            host=device.name,
        )
        self.record(device, result, covering)
        return result

    def record(
        self,
        device: DeviceLike,
        result: DeviceBaseline,
        covering: Mapping[str, waiver_file.Waiver] | None = None,
    ) -> None:
        """Remember the waivers ``result`` used (for a check made in another process)."""
        if covering is None:
            covering = self.waivers.for_device(device.name, device.groups, device.site)
        for item in result.waived:
            self.used.add(id(covering[item.rule]))

    def unused(self) -> list[Diagnostic]:
        """Warnings for the waivers no check so far used (meaningful after a whole fleet)."""
        return waiver_file.unused(self.waivers, self.used)


def load_baseline(
    inventory_dir: Path,
    *,
    display_root: Path,
    hosts: Iterable[str] | None = None,
    groups: Iterable[str] | None = None,
    sites: Iterable[str] | None = None,
    rules: Rules | None = None,
) -> FleetBaseline:
    """The City's rules with the workspace's waivers (their problems in ``.problems``)."""
    rules = rules or default_rules()
    path = inventory_dir / waiver_file.FILE
    try:
        display = str(path.relative_to(display_root))
    except ValueError:
        display = str(path)
    known = waiver_file.Known(
        rules.ids,
        frozenset(hosts) if hosts is not None else None,
        frozenset(groups) if groups is not None else None,
        frozenset(sites) if sites is not None else None,
    )
    waivers, problems = waiver_file.load_waivers(path, display, known, inside=inventory_dir)
    return FleetBaseline(rules, waivers, problems)


@dataclass
class BaselineRun:
    """The baseline on the rendered configs of a render run."""

    devices: list[DeviceBaseline] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    """The waivers file's errors and the unused waivers' warnings."""
    rules: int = 0
    source: str = "rendered"

    @property
    def failures(self) -> int:
        """Unwaived rule failures, in all."""
        return sum(len(d.failed) for d in self.devices)

    @property
    def waived(self) -> int:
        return sum(len(d.waived) for d in self.devices)

    @property
    def failed_devices(self) -> list[DeviceBaseline]:
        return [d for d in self.devices if d.failed]

    @property
    def errors(self) -> list[Diagnostic]:
        """Every unwaived failure (one per device and rule) and every waivers file error."""
        failures = [
            Diagnostic(
                f"{self.source}/{d.host}.cfg",
                None,
                f"baseline {r.rule} ({r.title}) fails: {'; '.join(r.details)}",
                waiver_file.HINT,
                d.host,
            )
            for d in self.devices
            for r in d.failed
        ]
        return [p for p in self.problems if p.severity is Severity.ERROR] + failures

    @property
    def warnings(self) -> list[Diagnostic]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    def summary(self) -> str:
        """One line: devices, failures, waived."""
        return (
            f"{len(self.devices)} device(s) against {self.rules} rule(s): "
            f"{self.failures} failure(s) on {len(self.failed_devices)} device(s), "
            f"{self.waived} waived"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "rules": self.rules,
            "compliant": not self.errors,
            "failures": self.failures,
            "waived": self.waived,
            "problems": [p.as_dict() for p in self.problems],
            "devices": [d.as_dict() for d in self.devices],
        }


def check_fleet(
    baseline: FleetBaseline,
    configs: Mapping[str, str],
    devices: Mapping[str, DeviceLike],
    *,
    complete: bool,
) -> BaselineRun:
    """The baseline on each host's configuration; unused waivers when ``complete``."""
    checked = []
    for host, text in configs.items():
        device = devices.get(host)
        if device is not None:
            checked.append(baseline.check(device, text))
    return fleet_run(baseline, checked, complete=complete)


def fleet_run(
    baseline: FleetBaseline, checked: Iterable[DeviceBaseline], *, complete: bool
) -> BaselineRun:
    """The run of devices already checked (their waivers recorded); unused waivers when
    ``complete``."""
    run = BaselineRun(rules=len(baseline.rules.rules), problems=list(baseline.problems))
    run.devices.extend(checked)
    if complete and not run.problems:
        run.problems.extend(baseline.unused())
    return run
