"""The one gate every push goes through: approval, window, signature, lockout, secrets.

:func:`open_gate` refuses (with an audit entry, then :class:`PushRefused`) unless:
the plan is intact and, for ``apply``, approved by a valid quorum for its current
hash, inside its window and not frozen, or a recorded emergency
(:func:`citynet.changes.service.require_pushable`); the command is signed by a key
the policy lists with the ``apply`` (or ``rollback``) role, over this change, this
plan hash and the policy in force, recently, and never before; no device's
remediation is a lockout risk unless the plan allowed it; every secret the plan
names resolves. What it returns carries a :class:`PushToken`, which only this module
can make and which the per-device sender requires: there is no other way to push.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from citynet.changes import audit, service
from citynet.changes.approvals import Signed, timestamp
from citynet.changes.policy import Person, Policy
from citynet.changes.store import AuditRow, ChangeStore
from citynet.errors import ApprovalError, CitynetError
from citynet.push.secrets import Secrets, names_in, resolve

ACTIONS = ("apply", "rollback")
_SEAL = object()


class PushRefused(ApprovalError):
    """The gate refused the push (the refusal is in the audit log)."""


@dataclass(frozen=True)
class PushToken:
    """Proof that the gate let this run through, for these devices. Only the gate makes one."""

    change_id: int
    plan_hash: str
    action: str
    run_id: str
    hosts: frozenset[str]
    seal: object = field(repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.seal is not _SEAL:
            raise PushRefused("a push token is only made by citynet.push.gate.open_gate")

    def check(self, host: str) -> None:
        """Refuse a device the gate did not let through.

        Raises:
            PushRefused: a forged token, or a device outside the grant.
        """
        if self.seal is not _SEAL or host not in self.hosts:
            raise PushRefused(f"{host}: not part of the push the gate allowed (run {self.run_id})")


@dataclass(frozen=True)
class Grant:
    """What the gate let through."""

    token: PushToken
    plan: service.LoadedPlan
    person: Person
    secrets: Secrets
    devices: tuple[dict[str, Any], ...]
    dry_run: bool


def _candidate_lines(
    document: Mapping[str, Any], devices: tuple[dict[str, Any], ...], workspace: Path
) -> list[str]:
    """The lines of a replace plan's candidates, whose secret markers must resolve too.

    Raises:
        PushError: a candidate cannot be read or is not the one the plan recorded.
    """
    from citynet.push.candidate import CandidateSource

    replaced = [d for d in devices if d.get("candidate_sha256")]
    if not replaced:
        return []
    source = dict(document.get("source") or {})
    where = CandidateSource(
        workspace,
        source.get("commit") or None,
        frozenset(str(p) for p in source.get("dirty") or ()),
    )
    return [
        line
        for d in replaced
        for line in where.load(str(d["host"]), str(d["candidate_sha256"])).splitlines()
    ]


def _replayed(session: Any, signed: Signed) -> AuditRow | None:
    for row in session.scalars(
        select(AuditRow).where(AuditRow.action.in_(ACTIONS)).order_by(AuditRow.seq)
    ):
        if row.signature == signed.signature or row.payload == signed.payload.text:
            found: AuditRow = row
            return found
    return None


def _signature_refusal(
    policy: Policy, signed: Signed, action: str, change_id: int, plan_hash: str, now: datetime
) -> str | None:
    person = policy.person_with_key(signed.key)
    payload = signed.payload
    if person is None:
        return (
            f"the key {signed.key.fingerprint} is not listed in the change policy; "
            f"only the keys in {policy.source} can {action}"
        )
    if action not in person.roles:
        return f"{person.describe()} may not {action}: that needs the {action!r} role"
    if payload.action != action:
        return f"the signature is for a {payload.action!r}, not a {action!r}"
    if payload.change_id != change_id:
        return f"the signature is for change {payload.change_id}, not change {change_id}"
    if payload.plan_hash != plan_hash:
        return (
            f"the signature is over plan hash {payload.plan_hash[:12]}, not this plan's "
            f"{plan_hash[:12]}"
        )
    if payload.policy_hash != policy.hash:
        return f"the signature names policy {payload.policy_hash[:12]}, not the one in force"
    if abs(now - payload.time) > policy.signature_max_age:
        return f"the signature was made at {timestamp(payload.time)}, too long ago; sign again"
    return None


def _refuse(
    store: ChangeStore,
    policy: Policy,
    change_id: int,
    action: str,
    signed: Signed | None,
    reason: str,
    now: datetime,
    user: str,
) -> PushRefused:
    person = policy.person_with_key(signed.key) if signed is not None else None
    with store.write() as session:
        audit.append(
            session,
            recorded_at=timestamp(now),
            action="refused",
            change_id=change_id,
            actor=person.name if person else "unknown",
            key_fingerprint=signed.key.fingerprint if signed is not None else "",
            os_user=user,
            details={"attempted": action, "reason": reason},
            payload=signed.payload.text if signed is not None else None,
            signature=signed.signature if signed is not None else None,
        )
    return PushRefused(f"change {change_id}: {action} refused: {reason}")


def open_gate(
    store: ChangeStore,
    policy: Policy,
    change_id: int,
    signed: Signed,
    *,
    action: str,
    now: datetime,
    user: str,
    env: Mapping[str, str],
    workspace: Path | None = None,
    hosts: frozenset[str] | None = None,
    dry_run: bool = False,
) -> Grant:
    """Let a push through, or refuse it (see the module documentation).

    ``hosts`` narrows the devices (a rollback's filters); None: every device of the plan.

    Raises:
        PushRefused: why, after recording the refusal in the audit log.
        ChangeNotFoundError: no such change.
    """
    if action not in ACTIONS:
        raise CitynetError(f"{action!r} is not a push action ({', '.join(ACTIONS)})")
    with store.read() as session:
        plan = service.load_plan(session, change_id)
    plan_hash = plan.row.plan_hash
    reason = _signature_refusal(policy, signed, action, change_id, plan_hash, now)
    if reason is None:
        if action == "apply":
            try:
                service.require_pushable(store, policy, change_id, now)
            except ApprovalError as exc:
                reason = str(exc)
        elif plan.problems:
            reason = f"change {change_id} was altered in the database ({plan.problems[0]})"
    if reason is None:
        with store.read() as session:
            again = _replayed(session, signed)
        if again is not None:
            reason = f"this signature was already used (audit entry {again.seq}); sign again"
    devices = tuple(
        d
        for d in plan.document.get("devices") or []
        if isinstance(d, dict) and (hosts is None or d.get("host") in hosts)
    )
    if reason is None and not plan.document.get("allow_lockout"):
        risky = [str(d.get("host")) for d in devices if d.get("lockout")]
        if risky:
            reason = (
                f"the remediation of {', '.join(risky)} may cut off management access and "
                "the plan does not allow it; plan again with --allow-lockout REASON"
            )
    secrets = Secrets()
    if reason is None:
        lines = [
            line
            for d in devices
            for line in (d.get("rollback") if action == "rollback" else d.get("commands")) or []
        ]
        try:
            if action == "apply" and workspace is not None:
                lines += _candidate_lines(plan.document, devices, workspace)
            secrets = resolve(names_in(lines), env, workspace=workspace)
        except CitynetError as exc:
            reason = str(exc)
    if reason is not None:
        raise _refuse(store, policy, change_id, action, signed, reason, now, user)
    person = policy.person_with_key(signed.key)
    assert person is not None
    run_id = uuid.uuid4().hex
    with store.write() as session:
        service.remember_policy(session, policy, now)
        audit.append(
            session,
            recorded_at=timestamp(now),
            action=action,
            change_id=change_id,
            actor=person.name,
            key_fingerprint=signed.key.fingerprint,
            os_user=user,
            details={
                "plan_hash": plan_hash,
                "run": run_id,
                "dry_run": dry_run,
                "devices": [d.get("host") for d in devices],
            },
            payload=signed.payload.text,
            signature=signed.signature,
        )
    token = PushToken(
        change_id,
        plan_hash,
        action,
        run_id,
        frozenset(str(d.get("host")) for d in devices),
        _SEAL,
    )
    return Grant(token, plan, person, secrets, devices, dry_run)
