"""What the change and audit commands do, on a store and a policy.

The rules live in :mod:`approvals` and the chain in :mod:`audit`; this module
reads and writes the store around them, each write in one locked transaction:
a new plan with its signed ``plan`` entry; a signed action, or the refusal of
one (a refused attempt is an audit entry too, then an :class:`ApprovalError`).
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from citynet.changes import audit
from citynet.changes.approvals import (
    Payload,
    PlanFacts,
    Signed,
    Status,
    check_signature,
    evaluate,
    read_recorded,
    refusal,
    timestamp,
    verify_entry,
)
from citynet.changes.canonical import canonical_json, sha256_hex
from citynet.changes.plan import plan_hash as hash_of_plan
from citynet.changes.policy import Policy, PolicyError
from citynet.changes.store import AuditRow, ChangeStore, PlanRow, PolicyRow
from citynet.errors import ApprovalError, CitynetError


class ChangeNotFoundError(CitynetError):
    """No change with that id."""


def os_user(env: Mapping[str, str] | None = None) -> str:
    """The operating-system user, recorded for information only (it proves nothing)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return (env or {}).get("USER", "") or "unknown"


def remember_policy(session: Session, policy: Policy, now: datetime) -> None:
    """Keep the policy's content under its hash, so later checks can read it."""
    if session.get(PolicyRow, policy.hash) is None:
        session.add(
            PolicyRow(
                policy_hash=policy.hash,
                document=canonical_json(policy.document),
                first_seen=timestamp(now),
            )
        )
        session.flush()


def stored_policy(session: Session, policy_hash: str) -> Policy | None:
    """A policy recorded in the store by its hash (None: absent or not matching its hash)."""
    row = session.get(PolicyRow, policy_hash)
    if row is None or sha256_hex(row.document) != policy_hash:
        return None
    try:
        return Policy.from_document(json.loads(row.document), f"policy {policy_hash[:12]}")
    except (ValueError, PolicyError):
        return None


# ---------------------------------------------------------------------------- plans
def _columns(document: Mapping[str, Any]) -> dict[str, Any]:
    """The listing columns of a plan row, as its document gives them."""
    predecessor = document.get("predecessor") or {}
    return {
        "uid": document.get("uid"),
        "created_at": document.get("created_at"),
        "author": (document.get("author") or {}).get("name"),
        "title": document.get("title"),
        "ticket": document.get("ticket"),
        "source": (document.get("source") or {}).get("kind"),
        "mode": document.get("mode"),
        "hosts": canonical_json([d.get("host") for d in document.get("devices") or []]),
        "sites": canonical_json((document.get("summary") or {}).get("sites") or []),
        "predecessor_id": predecessor.get("id") if isinstance(predecessor, dict) else None,
    }


def plan_problems(row: PlanRow, plan_entry: AuditRow | None) -> list[str]:
    """How a stored plan differs from what its author signed (empty: intact)."""
    try:
        document = json.loads(row.document)
    except ValueError:
        return ["its document is not JSON"]
    problems = []
    if not isinstance(document, dict) or canonical_json(document) != row.document:
        return ["its document was edited (not in the form it was signed in)"]
    if sha256_hex(row.document) != row.plan_hash:
        problems.append("its content no longer matches its plan hash")
    for column, expected in _columns(document).items():
        if getattr(row, column) != expected:
            problems.append(f"its {column} column differs from the signed plan")
    if plan_entry is None:
        problems.append("the audit log holds no signed 'plan' entry for it")
        return problems
    try:
        signed = check_signature(plan_entry.payload or "", plan_entry.signature or "")
    except ApprovalError as exc:
        problems.append(f"its author's signature (entry {plan_entry.seq}) does not hold: {exc}")
        return problems
    if signed.payload.plan_hash != row.plan_hash:
        problems.append(f"its plan hash is not the one its author signed (entry {plan_entry.seq})")
    if signed.key.fingerprint != (document.get("author") or {}).get("key"):
        problems.append("it names another author key than the one that signed it")
    return problems


@dataclass
class LoadedPlan:
    """A plan row, its document, its audit entries and what the rules make of it."""

    row: PlanRow
    document: dict[str, Any]
    entries: list[AuditRow]
    facts: PlanFacts
    successor: int | None = None
    problems: list[str] = field(default_factory=list)


def load_plan(session: Session, change_id: int) -> LoadedPlan:
    """Read one plan with its audit entries and check its integrity.

    Raises:
        ChangeNotFoundError: no such change.
    """
    row = session.get(PlanRow, change_id)
    if row is None:
        raise ChangeNotFoundError(f"no change {change_id}; see 'citynet change list'")
    return _loaded(session, row)


def _loaded(session: Session, row: PlanRow) -> LoadedPlan:
    entries = audit.entries(session, row.id)
    plan_entry = next((e for e in entries if e.action == "plan"), None)
    problems = plan_problems(row, plan_entry)
    try:
        document = json.loads(row.document)
        document = document if isinstance(document, dict) else {}
    except ValueError:
        document = {}
    successor = session.scalar(
        select(PlanRow.id).where(PlanRow.predecessor_id == row.id).order_by(PlanRow.id)
    )
    recorded, entry_problems = read_recorded(e for e in entries if e.action != "plan")
    problems += entry_problems
    facts = PlanFacts.from_document(
        row.id,
        row.plan_hash,
        document,
        problems=problems,
        superseded_by=successor,
        recorded=recorded,
    )
    return LoadedPlan(row, document, entries, facts, successor, problems)


def list_plans(session: Session) -> list[LoadedPlan]:
    """Every plan, newest first."""
    rows = session.scalars(select(PlanRow).order_by(PlanRow.id.desc()))
    return [_loaded(session, row) for row in rows]


def create_plan(
    store: ChangeStore,
    policy: Policy,
    document: dict[str, Any],
    signed: Signed,
    *,
    now: datetime,
    user: str,
) -> int:
    """Store a new plan and its signed ``plan`` entry; return its change id.

    Raises:
        ApprovalError: the signature or the author is refused (recorded as a refusal),
            or the plan it revises cannot be revised.
    """
    digest = hash_of_plan(document)
    reason = refusal(policy, None, "plan", signed, change_id=None, plan_hash=digest, now=now)
    predecessor = document.get("predecessor")
    with store.write() as session:
        if reason is None and predecessor:
            reason = _revision_refusal(session, policy, predecessor, now)
        if reason is not None:
            _refuse(session, policy, None, "plan", signed, reason, now, user)
        else:
            row = PlanRow(
                plan_hash=digest,
                document=canonical_json(document),
                **_columns(document),
            )
            session.add(row)
            session.flush()
            person = policy.person_with_key(signed.key)
            assert person is not None
            remember_policy(session, policy, now)
            audit.append(
                session,
                recorded_at=timestamp(now),
                action="plan",
                change_id=row.id,
                actor=person.name,
                key_fingerprint=signed.key.fingerprint,
                os_user=user,
                details={
                    "plan_hash": digest,
                    "title": document.get("title"),
                    "devices": (document.get("summary") or {}).get("devices"),
                    "predecessor": predecessor,
                    "emergency": document.get("emergency"),
                    "allow_lockout": document.get("allow_lockout"),
                },
                payload=signed.payload.text,
                signature=signed.signature,
            )
            change_id = row.id
    if reason is not None:
        raise ApprovalError(reason)
    return change_id


def _revision_refusal(
    session: Session, policy: Policy, predecessor: Mapping[str, Any], now: datetime
) -> str | None:
    try:
        old = load_plan(session, int(predecessor["id"]))
    except ChangeNotFoundError as exc:
        return str(exc)
    if old.row.plan_hash != predecessor.get("plan_hash"):
        return f"change {old.row.id} does not have the plan hash this revision names"
    if old.successor is not None:
        return f"change {old.row.id} was already revised by change {old.successor}"
    return None


def _refuse(
    session: Session,
    policy: Policy,
    change_id: int | None,
    action: str,
    signed: Signed | None,
    reason: str,
    now: datetime,
    user: str,
    key_fingerprint: str = "",
) -> None:
    person = policy.person_with_key(signed.key) if signed is not None else None
    audit.append(
        session,
        recorded_at=timestamp(now),
        action="refused",
        change_id=change_id,
        actor=person.name if person else "unknown",
        key_fingerprint=signed.key.fingerprint if signed is not None else key_fingerprint,
        os_user=user,
        details={"attempted": action, "reason": reason},
        payload=signed.payload.text if signed is not None else None,
        signature=signed.signature if signed is not None else None,
    )


def refuse_unsigned(
    store: ChangeStore,
    policy: Policy,
    change_id: int | None,
    action: str,
    reason: str,
    *,
    now: datetime,
    user: str,
    key_fingerprint: str = "",
) -> None:
    """Record an attempt refused before anything valid was signed."""
    with store.write() as session:
        _refuse(session, policy, change_id, action, None, reason, now, user, key_fingerprint)


def record_action(
    store: ChangeStore,
    policy: Policy,
    change_id: int,
    action: str,
    signed: Signed,
    *,
    now: datetime,
    user: str,
) -> AuditRow:
    """Record a signed action on a plan, or its refusal (then raise).

    The checks run inside the write lock, against what is committed, so two
    approvals racing are both judged on what the other left.

    Raises:
        ApprovalError: the policy refuses the action (the refusal is in the audit log).
        ChangeNotFoundError: no such change.
    """
    with store.write() as session:
        plan = load_plan(session, change_id)
        reason = refusal(
            policy,
            plan.facts,
            action,
            signed,
            change_id=change_id,
            plan_hash=plan.row.plan_hash,
            now=now,
        )
        if reason is not None:
            _refuse(session, policy, change_id, action, signed, reason, now, user)
            row = None
        else:
            person = policy.person_with_key(signed.key)
            assert person is not None
            remember_policy(session, policy, now)
            row = audit.append(
                session,
                recorded_at=timestamp(now),
                action=action,
                change_id=change_id,
                actor=person.name,
                key_fingerprint=signed.key.fingerprint,
                os_user=user,
                details={"plan_hash": plan.row.plan_hash, "comment": signed.payload.comment},
                payload=signed.payload.text,
                signature=signed.signature,
            )
    if row is None:
        assert reason is not None
        raise ApprovalError(reason)
    return row


def status_of(policy: Policy, plan: LoadedPlan, now: datetime) -> Status:
    """A plan's status under the policy in force (its signatures were checked as it was read)."""
    return evaluate(policy, plan.facts, now)


def require_pushable(
    store: ChangeStore, policy: Policy, change_id: int, now: datetime
) -> LoadedPlan:
    """The one check every entry point that can push goes through.

    Raises:
        ApprovalError: the change is not approved under the policy in force, or it is
            outside its window or frozen and not an emergency (the message says why).
    """
    with store.read() as session:
        plan = load_plan(session, change_id)
    status = status_of(policy, plan, now)
    if not status.approved:
        raise ApprovalError(f"change {change_id} may not be pushed: {status.verdict}")
    if not plan.facts.emergency and (status.frozen or not status.in_window):
        reason = f"frozen: {status.frozen}" if status.frozen else status.reasons[-1]
        raise ApprovalError(f"change {change_id} is approved but may not be pushed now: {reason}")
    return plan


# ---------------------------------------------------------------------------- verify
@dataclass
class Verification:
    """What ``citynet audit verify`` found."""

    entries: int
    signatures: int
    plans: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_store(
    store: ChangeStore,
    exported_head: Mapping[str, Any] | None = None,
    known_policies: Mapping[str, str] | None = None,
) -> Verification:
    """Re-check the whole store: the chain, every signature, every plan against its entry.

    ``known_policies`` maps the hashes of the policies the workspace ever had (its
    current one, its git history) to where they come from: a signature under any
    other policy is reported, since whoever can write the database can also store a
    policy of their own making.
    """
    with store.read() as session:
        rows = audit.entries(session)
        stored_head = audit.head(session)
        problems = [str(p) for p in audit.verify_chain(rows, stored_head)]
        if exported_head is not None:
            problems += [str(p) for p in audit.check_head(rows, dict(exported_head))]
        policies: dict[str, Policy | None] = {}
        signatures = 0
        for row in rows:
            if row.action == "refused" or not row.payload:
                continue
            signatures += 1
            try:
                policy_hash = Payload.read(row.payload).policy_hash
            except ApprovalError as exc:
                problems.append(f"entry {row.seq}: {exc}")
                continue
            if policy_hash not in policies:
                policies[policy_hash] = stored_policy(session, policy_hash)
                if known_policies is not None and policy_hash not in known_policies:
                    problems.append(
                        f"entry {row.seq} was signed under policy {policy_hash[:12]}, which is "
                        "not the workspace's change policy nor any version of it in git"
                    )
            problems += verify_entry(row, policies[policy_hash])
        plans = list(session.scalars(select(PlanRow).order_by(PlanRow.id)))
        plan_entries = {r.change_id: r for r in rows if r.action == "plan"}
        for plan in plans:
            for problem in plan_problems(plan, plan_entries.get(plan.id)):
                problems.append(f"change {plan.id}: {problem}")
        known = {p.id for p in plans}
        for change_id, row in plan_entries.items():
            if change_id not in known:
                problems.append(f"entry {row.seq} records change {change_id}, which is missing")
    return Verification(len(rows), signatures, len(plans), problems)


def plan_summary_row(plan: LoadedPlan, status: Status) -> dict[str, Any]:
    """One line of ``change list``."""
    summary = plan.document.get("summary") or {}
    return {
        "id": plan.row.id,
        "status": status.state,
        "risk": status.quorum.level,
        "title": plan.row.title,
        "author": plan.row.author,
        "created": plan.row.created_at,
        "devices": summary.get("devices", 0),
        "sites": json.loads(plan.row.sites) if plan.row.sites.startswith("[") else [],
        "ticket": plan.row.ticket,
        "emergency": bool(plan.document.get("emergency")),
    }


def touches(plan: LoadedPlan, hosts: set[str] | None) -> bool:
    """Whether a plan changes any of these devices (None: no filter, every plan)."""
    if hosts is None:
        return True
    try:
        return bool(set(json.loads(plan.row.hosts)) & hosts)
    except ValueError:
        return True  # a damaged row is shown, so that its state (tampered) is seen
