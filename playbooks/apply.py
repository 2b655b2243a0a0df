"""Apply an approved change to the fleet (or roll it back): canary, waves, failure budget.

Takes a Nornir over the plan's devices and the gate's grant; returns a
:class:`ApplyReport`; never prints (``progress`` is told each device's steps).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from citynet.device.options import ConnectionOptions
from citynet.push.candidate import CandidateSource
from citynet.push.checks import Checker
from citynet.push.device import (
    NOT_ATTEMPTED,
    DeviceOutcome,
    PushOptions,
    works_from_plan,
)
from citynet.push.gate import Grant
from citynet.push.leases import RunRecorder
from citynet.push.waves import plan_waves
from citynet.workspace import Settings
from tasks.push_config import push_config


@dataclass
class ApplyReport:
    """How a run ended: every device's named state, the waves, why it stopped."""

    change_id: int
    run_id: str
    action: str
    waves: list[list[str]]
    outcomes: dict[str, DeviceOutcome] = field(default_factory=dict)
    halted: str = ""
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.halted and all(o.succeeded for o in self.outcomes.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.change_id,
            "run": self.run_id,
            "action": self.action,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "halted": self.halted,
            "waves": self.waves,
            "devices": [
                {"host": o.host, "state": o.state, "detail": o.detail}
                for o in sorted(self.outcomes.values(), key=lambda o: o.host)
            ],
        }


class _Budget:
    """Failures so far against the budget; decides whether a device may start."""

    def __init__(self, allowed: int) -> None:
        self.allowed, self.failures, self.halted = allowed, 0, ""
        self.lock = threading.Lock()

    def may_start(self) -> bool:
        with self.lock:
            return not self.halted

    def count(self, outcome: DeviceOutcome, *, canary: bool) -> None:
        with self.lock:
            if not outcome.failed:
                return
            self.failures += 1
            if outcome.halt:
                self.halted = self.halted or f"{outcome.host}: {outcome.state}: {outcome.detail}"
            elif canary:
                self.halted = self.halted or f"canary {outcome.host} failed ({outcome.state})"
            elif self.failures > self.allowed:
                self.halted = self.halted or (
                    f"{self.failures} device(s) failed, more than the {self.allowed} allowed"
                )


def apply(
    nornir: Any,
    grant: Grant,
    *,
    settings: Settings,
    connection: ConnectionOptions,
    checker: Checker,
    recorder: RunRecorder,
    options: PushOptions,
    canary: int = 0,
    canary_site: str | None = None,
    wave_size: int = 1,
    allowed_failures: int = 0,
    progress: Callable[[str, str], None] | None = None,
    candidates: CandidateSource | None = None,
) -> ApplyReport:
    """Push the grant's devices wave by wave; stop starting devices once past the budget.

    ``candidates``: where a replace plan's candidates are read (its workspace and commit).
    """
    rollback = grant.token.action == "rollback"
    works = {w.host: w for w in works_from_plan(grant.devices, rollback=rollback)}
    site_of = {str(d["host"]): str(d.get("site", "")) for d in grant.devices}
    waves = plan_waves(
        list(works), site_of, canary=canary, canary_site=canary_site, wave_size=wave_size
    )
    report = ApplyReport(
        grant.token.change_id, grant.token.run_id, grant.token.action, waves, dry_run=grant.dry_run
    )
    budget = _Budget(allowed_failures)
    has_canary = bool(canary or canary_site)
    if not grant.dry_run:
        recorder.note("start", waves=waves, dry_run=grant.dry_run)
    for number, wave in enumerate(waves, 1):
        if progress is not None:
            progress("wave", f"{number}/{len(waves)}: {len(wave)} device(s)")
        if not budget.may_start():
            for host in wave:
                report.outcomes[host] = DeviceOutcome(
                    host, NOT_ATTEMPTED, budget.halted, started=False
                )
                if not grant.dry_run:
                    recorder.record(
                        host, NOT_ATTEMPTED, "skipped", f"the rollout stopped: {budget.halted}"
                    )
            continue
        chosen = nornir.filter(filter_func=lambda h, wave=wave: h.name in wave)
        results = chosen.run(
            task=_one,
            grant=grant,
            works=works,
            settings=settings,
            connection=connection,
            checker=checker,
            recorder=recorder,
            options=options,
            budget=budget,
            canary=has_canary and number == 1,
            candidates=candidates,
            on_failed=True,
        )
        for host in wave:
            multi = results.get(host)
            outcome = multi[0].result if multi is not None else None
            if not isinstance(outcome, DeviceOutcome):
                error = multi[0].exception if multi is not None else None
                outcome = DeviceOutcome(host, NOT_ATTEMPTED, str(error or "not in the inventory"))
            report.outcomes[host] = outcome
    report.halted = budget.halted
    if not grant.dry_run:
        recorder.note(
            "outcome",
            ok=report.ok,
            halted=report.halted,
            states={h: o.state for h, o in sorted(report.outcomes.items())},
        )
    return report


def _one(
    task: Any,
    *,
    grant: Grant,
    works: dict[str, Any],
    settings: Settings,
    connection: ConnectionOptions,
    checker: Checker,
    recorder: RunRecorder,
    options: PushOptions,
    budget: _Budget,
    canary: bool,
    candidates: CandidateSource | None,
) -> Any:
    result = push_config(
        task,
        token=grant.token,
        work=works[task.host.name],
        settings=settings,
        connection=connection,
        checker=checker,
        recorder=recorder,
        secrets=grant.secrets,
        options=options,
        may_start=budget.may_start,
        candidates=candidates,
    )
    budget.count(result.result, canary=canary)
    return result
