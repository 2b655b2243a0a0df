"""The diff engine's entry point: running + golden text -> :class:`DiffResult`.

Pure: it takes configuration text and returns data; reading files, printing
and caching on disk belong to the callers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citynet.diff import remediation
from citynet.diff.blocks import differing
from citynet.diff.compare import Change, walk
from citynet.diff.compliance import FeatureResult, FeatureSet, assess, default_features
from citynet.diff.lockout import LockoutRisk, lockout_risks, management_context, target_problem
from citynet.diff.owned import OwnedLine, prune
from citynet.diff.parse import Node, parse
from citynet.errors import ConfigParseError
from citynet.ios.driver import driver_for
from citynet.ios.secrets import has_secret
from citynet.platforms import Platform

PLATFORMS = tuple(str(p) for p in Platform)
ENGINE_VERSION = "4"


@dataclass(slots=True)
class DiffResult:
    """Drift, compliance, remediation and rollback of one device.

    Attributes:
        changes: every difference (missing / extra / order), with its path.
        remediation: push-ready lines taking running to golden.
        rollback: push-ready lines taking the remediated device back to running.
        features: per-feature compliance, every feature in definition order.
        uncovered: top-level lines no feature covers.
        lockout: changes that may cut off management access (see ``lockout``).
        refused: why the golden config must not be pushed over the running one
            (empty, or far smaller: truncated), or None.
        device_owned: lines of the running config the device wrote by itself and
            the golden config does not set (never drift, never removed; see
            ``citynet.diff.owned``). The version and boot markers, never compared, are
            not listed.
    """

    changes: list[Change] = field(default_factory=list)
    remediation: list[str] = field(default_factory=list)
    rollback: list[str] = field(default_factory=list)
    features: list[FeatureResult] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    lockout: list[LockoutRisk] = field(default_factory=list)
    refused: str | None = None
    device_owned: list[OwnedLine] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        """Whether running equals golden (up to noise and IOS semantics)."""
        return not self.changes

    @property
    def needs_secrets(self) -> bool:
        """Whether the remediation or rollback carry secrets (named or bare markers) to fill in."""
        return any(has_secret(line) for line in (*self.remediation, *self.rollback))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (the ``citynet diff --format json`` document)."""
        return {
            "compliant": self.compliant,
            "remediation": "\n".join(self.remediation) + ("\n" if self.remediation else ""),
            "rollback": "\n".join(self.rollback) + ("\n" if self.rollback else ""),
            "needs_secrets": self.needs_secrets,
            "features": [
                {
                    "name": f.name,
                    "status": f.status,
                    "lines": [_change_dict(c) for c in f.lines],
                }
                for f in self.features
            ],
            "uncovered": list(self.uncovered),
            "changes": [_change_dict(c) for c in self.changes],
            "lockout_risks": [
                {"path": list(r.path), "line": r.line, "reason": r.reason} for r in self.lockout
            ],
            "refused": self.refused,
            "device_owned": [o.to_dict() for o in self.device_owned],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DiffResult:
        """Rebuild a result from :meth:`to_dict` output (used by the cache)."""

        def change(item: dict[str, Any]) -> Change:
            return Change(item["kind"], tuple(item["path"]), item["line"])

        return cls(
            changes=[change(c) for c in data["changes"]],
            remediation=data["remediation"].splitlines(),
            rollback=data["rollback"].splitlines(),
            features=[
                FeatureResult(f["name"], f["status"], [change(c) for c in f["lines"]])
                for f in data["features"]
            ],
            uncovered=list(data["uncovered"]),
            lockout=[
                LockoutRisk(r["line"], tuple(r["path"]), r["reason"])
                for r in data.get("lockout_risks", [])
            ],
            refused=data.get("refused"),
            device_owned=[
                OwnedLine(tuple(o["path"]), o["line"]) for o in data.get("device_owned", [])
            ],
        )


def _change_dict(change: Change) -> dict[str, Any]:
    return {"kind": change.kind, "path": list(change.path), "line": change.line}


def diff_trees(
    running: Node,
    golden: Node,
    *,
    features: FeatureSet | None = None,
    platform: str = "cisco_ios",
    model: str | None = None,
) -> DiffResult:
    """Compare parsed trees (see :func:`diff_configs`); parses nothing, changes neither."""
    running = running.copy()
    seen = prune(running, golden, driver_for(platform).owned(model))
    top_owned = {o.line for o in seen if not o.path}
    tops = list(
        dict.fromkeys(
            c.text for c in (*golden.children, *running.children) if c.text not in top_owned
        )
    )
    result = _result(running, golden, tops, features)
    result.device_owned = seen
    if result.changes:
        run_text, gold_text = ("".join(f"{ln}\n" for ln in t.lines()) for t in (running, golden))
        _guard(result, run_text, gold_text, None)
    return result


def diff_configs(
    running: str,
    golden: str,
    *,
    platform: str = "cisco_ios",
    running_name: str = "running",
    golden_name: str = "golden",
    features: FeatureSet | None = None,
    management_address: str | None = None,
    model: str | None = None,
) -> DiffResult:
    """Drift, per-feature compliance, remediation and rollback of one device.

    Args:
        running: the configuration on the device.
        golden: the approved configuration.
        platform: a :class:`citynet.platforms.Platform` value (``cisco_ios``, ``cisco_iosxe``).
        running_name: name of the running config in error messages.
        golden_name: name of the golden config in error messages.
        features: features to assess (default: ``features.yaml``).
        management_address: the in-band address the device is managed on, so that
            a change to the interface holding it is flagged as a lockout risk.
        model: the device's model (``C9300-48P``), for the lines it writes by itself
            (default: those of every model of the platform).

    Raises:
        ConfigParseError: a text cannot be parsed, or the platform is unknown.

    >>> result = diff_configs("hostname old\\n", "hostname new\\n")
    >>> result.compliant, result.remediation, result.rollback
    (False, ['hostname new'], ['hostname old'])
    """
    driver = driver_for(platform)
    run_rest, gold_rest, tops = differing(running, golden, driver)
    try:
        run_tree = parse(run_rest, source=running_name, driver=driver)
        gold_tree = parse(gold_rest, source=golden_name, driver=driver)
    except ConfigParseError:
        # Parse the whole texts so the message names the right line.
        run_tree = parse(running, source=running_name, driver=driver)
        gold_tree = parse(golden, source=golden_name, driver=driver)
        raise
    seen = prune(run_tree, gold_tree, driver.owned(model))
    if seen:
        top_owned = {o.line for o in seen if not o.path}
        tops = [t for t in tops if t not in top_owned]
    result = _result(run_tree, gold_tree, tops, features)
    result.device_owned = seen
    if result.changes:
        _guard(result, running, golden, management_address)
    return result


def _guard(result: DiffResult, running: str, golden: str, management_address: str | None) -> None:
    """Flag the lockout risks of a result, and a golden config unfit to be a target."""
    context = management_context(running, management_address)
    result.lockout = lockout_risks(result.changes, context)
    result.refused = target_problem(running, golden)


def _result(
    running: Node, golden: Node, tops: list[str], features: FeatureSet | None
) -> DiffResult:
    result = walk(running, golden)
    feature_results, uncovered = assess(result.changes, tops, features or default_features())
    return DiffResult(
        changes=result.changes,
        remediation=remediation.render(remediation.order(result.forward)),
        rollback=remediation.render(remediation.order(result.reverse)),
        features=feature_results,
        uncovered=uncovered,
    )
