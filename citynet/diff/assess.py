"""Drift of one device: its running config against its golden config.

Pure: the texts come in, a :class:`DeviceDrift` comes out. The diff engine
decides what differs; this adds the device's status and where the running
config came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from citynet.diff.engine import DiffResult, diff_configs
from citynet.errors import ConfigParseError
from citynet.platforms import Platform

if TYPE_CHECKING:
    from citynet.compliance.engine import DeviceBaseline
    from citynet.diagnostics import Diagnostic


class DriftStatus(StrEnum):
    COMPLIANT = "compliant"
    DRIFTED = "drifted"
    UNREACHABLE = "unreachable"
    NO_GOLDEN = "no golden config"
    NO_BACKUP = "no backup"
    GOLDEN_REFUSED = "golden config refused"
    """The golden config is empty or truncated: it must not be a target."""


@dataclass
class DeviceDrift:
    host: str
    site: str
    role: str
    status: DriftStatus
    source: str = ""
    """Where the running config came from: ``live`` or the backup version."""
    error: str = ""
    result: DiffResult | None = None
    features: list[dict[str, Any]] = field(default_factory=list)
    baseline: DeviceBaseline | None = None
    """The security baseline on the running config (when one was read)."""
    dial_plan: list[Diagnostic] = field(default_factory=list)
    """The dial-plan lint on the running config of a voice gateway."""
    unsaved: str | None = None
    """Changes not written to the startup configuration (read live; None: saved or unknown)."""
    voice_state: list[dict[str, str]] = field(default_factory=list)
    """What is wrong in a voice gateway's live voice state (``StateProblem.to_dict()``;
    empty: healthy, not a voice gateway, or drift from backups)."""

    @property
    def baseline_failed(self) -> list[str]:
        """The baseline rules the running config fails without a waiver."""
        return [r.rule for r in self.baseline.failed] if self.baseline is not None else []

    @property
    def drifted_features(self) -> list[str]:
        return [f["name"] for f in self.features if f["status"] != "compliant"]

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "host": self.host,
            "site": self.site,
            "role": self.role,
            "status": str(self.status),
            "source": self.source,
        }
        if self.error:
            data["error"] = self.error
        if self.result is not None:
            full = self.result.to_dict()
            data.update(
                drifted_features=self.drifted_features,
                features=full["features"],
                remediation=full["remediation"],
                rollback=full["rollback"],
                needs_secrets=full["needs_secrets"],
                lockout_risks=full["lockout_risks"],
                device_owned=full["device_owned"],
            )
        if self.baseline is not None:
            data["baseline"] = self.baseline.as_dict()
        if self.dial_plan:
            data["dial_plan"] = [d.as_dict() for d in self.dial_plan]
        if self.unsaved:
            data["unsaved"] = self.unsaved
        if self.voice_state:
            data["voice_state"] = list(self.voice_state)
        return data


def assess(
    host: str,
    site: str,
    role: str,
    platform: Platform,
    running: str | None,
    golden: str | None,
    *,
    source: str = "live",
    error: str = "",
    management_address: str | None = None,
    model: str | None = None,
) -> DeviceDrift:
    """The drift of one device (running None: unreachable or never backed up)."""
    if running is None:
        status = DriftStatus.UNREACHABLE if source == "live" else DriftStatus.NO_BACKUP
        return DeviceDrift(host, site, role, status, source, error)
    if golden is None:
        return DeviceDrift(
            host,
            site,
            role,
            DriftStatus.NO_GOLDEN,
            source,
            f"golden_configs/{host}.cfg does not exist; run 'citynet golden update'",
        )
    try:
        result = diff_configs(
            running,
            golden,
            platform=str(platform),
            running_name="running",
            golden_name="golden",
            management_address=management_address,
            model=model,
        )
    except ConfigParseError as exc:  # a corrupt file fails this device only
        return DeviceDrift(host, site, role, DriftStatus.GOLDEN_REFUSED, source, str(exc))
    if result.refused is not None:
        return DeviceDrift(
            host, site, role, DriftStatus.GOLDEN_REFUSED, source, result.refused, result
        )
    features = [
        {"name": f.name, "status": f.status, "lines": [c.line for c in f.lines]}
        for f in result.features
    ]
    status = DriftStatus.COMPLIANT if result.compliant else DriftStatus.DRIFTED
    return DeviceDrift(host, site, role, status, source, "", result, features)
