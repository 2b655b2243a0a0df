"""The drift report after a change: the applied devices read again, compared with golden.

``change apply`` reads every device it applied once more (a fresh backup, as ``drift``
takes one) and writes the drift report next to the change's packet,
``state/reports/change-ID-after.html``; its summary goes into the apply outcome and
the audit trail, so the board sees that the change left the devices compliant.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.diff.assess import DeviceDrift, DriftStatus
from citynet.files import atomic_write
from citynet.report.drift_report import DRIFT_FORMATS, counts


def after_path(state_dir: Path, change_id: int) -> Path:
    """Where the report after change ``change_id`` goes.

    >>> after_path(Path("state"), 7).as_posix()
    'state/reports/change-7-after.html'
    """
    return state_dir / "reports" / f"change-{change_id}-after.html"


@dataclass(frozen=True)
class AfterReport:
    """What the report after a change found."""

    path: Path
    counts: dict[str, int]
    drifted: tuple[str, ...]
    """Devices that are not compliant after the change (drifted, unreachable, unsaved ...)."""

    @property
    def compliant(self) -> bool:
        return not self.drifted

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "compliant": self.compliant,
            "counts": {k: v for k, v in self.counts.items() if v},
            "not_compliant": list(self.drifted),
        }

    def line(self) -> str:
        """One line for the apply outcome.

        >>> AfterReport(Path("r.html"), {"compliant": 2, "drifted": 0}, ()).line()
        'after the change: 2 compliant (report: r.html)'
        """
        found = ", ".join(f"{n} {s}" for s, n in self.counts.items() if n) or "no device read"
        tail = f"; not compliant: {', '.join(self.drifted)}" if self.drifted else ""
        return f"after the change: {found}{tail} (report: {self.path})"


def not_compliant(drifts: Sequence[DeviceDrift]) -> tuple[str, ...]:
    """The devices that the change did not leave compliant and saved."""
    return tuple(
        sorted(
            d.host
            for d in drifts
            if d.status is not DriftStatus.COMPLIANT or d.baseline_failed or d.unsaved
        )
    )


def write_after_report(drifts: Sequence[DeviceDrift], path: Path) -> AfterReport:
    """Write the HTML drift report of ``drifts`` to ``path``; return its summary."""
    out = io.StringIO()
    DRIFT_FORMATS["html"](out, list(drifts), details=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, out.getvalue())  # a reader never sees half a report
    return AfterReport(path, counts(drifts), not_compliant(drifts))
