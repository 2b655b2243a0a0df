"""Signed actions on a plan, the rules that refuse them, and a plan's approval status.

An action (plan, approve, reject, withdraw, review) is a signature by the actor's
SSH key over a canonical payload naming the action, the change, the plan hash,
the policy hash and the time. :func:`refusal` decides, from the change policy in
force, the plan and what was already recorded, whether an action is accepted;
:func:`evaluate` decides, the same way and at any later time, whether a plan is
approved. Both are pure: the database and the clock are the caller's.

Rules (each refusal says which): the key must be listed in the policy, for the
role the action needs; the payload must be for this action, this change, this
plan hash and the policy in force, and recent; a signature is good once; an
approval is never the author's (same key or same name); approvals from groups the
quorum does not count are refused; an approval is void once the policy changes,
once it is older than the policy's expiry, and when the plan was altered.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from citynet.changes.canonical import canonical_json
from citynet.changes.policy import Person, Policy, Quorum
from citynet.changes.signing import PublicKey, SignatureError, signature_key, verify
from citynet.errors import ApprovalError

PAYLOAD_VERSION = 1
ACTIONS = ("plan", "approve", "reject", "withdraw", "review")
ROLE_FOR = {
    "plan": "plan",
    "approve": "approve",
    "reject": "approve",
    "review": "approve",
    "withdraw": "plan",
    "apply": "apply",
    "rollback": "rollback",
}
"""The role each signed action needs (``apply`` and ``rollback`` are recorded by the push)."""
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def timestamp(when: datetime) -> str:
    """A UTC time as the store and payloads write it.

    >>> timestamp(datetime(2026, 3, 8, 7, 0, 5, 999, tzinfo=UTC))
    '2026-03-08T07:00:05Z'
    """
    return when.astimezone(UTC).strftime(TIME_FORMAT)


def parse_timestamp(text: str) -> datetime:
    """The inverse of :func:`timestamp`.

    Raises:
        ValueError: not such a time.
    """
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC)


def make_payload(
    action: str,
    *,
    plan_hash: str,
    policy_hash: str,
    when: datetime,
    change_id: int | None,
    comment: str = "",
    nonce: str | None = None,
) -> str:
    """The canonical text an actor signs for one action."""
    return canonical_json(
        {
            "namespace": "citynet",
            "version": PAYLOAD_VERSION,
            "action": action,
            "change": change_id,
            "plan_hash": plan_hash,
            "policy_hash": policy_hash,
            "time": timestamp(when),
            "comment": comment,
            "nonce": nonce or uuid.uuid4().hex,
        }
    )


@dataclass(frozen=True)
class Payload:
    """A signed payload, read back."""

    action: str
    change_id: int | None
    plan_hash: str
    policy_hash: str
    time: datetime
    comment: str
    text: str

    @classmethod
    def read(cls, text: str) -> Payload:
        """Parse a payload.

        Raises:
            ApprovalError: not a citynet payload, or not in canonical form.
        """
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("namespace") != "citynet":
                raise ValueError("not a citynet payload")
            if canonical_json(data) != text:
                raise ValueError("not in canonical form")
            change = data["change"]
            return cls(
                str(data["action"]),
                None if change is None else int(change),
                str(data["plan_hash"]),
                str(data["policy_hash"]),
                parse_timestamp(str(data["time"])),
                str(data.get("comment", "")),
                text,
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ApprovalError(f"the signed payload is not readable ({exc})") from None


@dataclass(frozen=True)
class Signed:
    """A payload, its signature, and the key that made it (checked)."""

    payload: Payload
    signature: str
    key: PublicKey

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.signature.encode("ascii", "replace")).hexdigest()


def check_signature(payload_text: str, signature: str) -> Signed:
    """Read a payload and verify its signature against the key that made it.

    Whether that key may act is for the policy (:func:`refusal`) to say.

    Raises:
        ApprovalError: unreadable payload, damaged or non-matching signature.
    """
    payload = Payload.read(payload_text)
    key = signature_key(signature)
    verify(payload_text.encode("utf-8"), signature, key)
    return Signed(payload, signature, key)


@dataclass(frozen=True)
class Recorded:
    """An accepted action on a plan, as the audit log holds it."""

    seq: int
    action: str
    actor: str
    key_fingerprint: str
    payload: Payload
    signature: str

    @property
    def signature_digest(self) -> str:
        return hashlib.sha256(self.signature.encode("ascii", "replace")).hexdigest()


@dataclass(frozen=True)
class PlanFacts:
    """What the rules need to know about a plan."""

    change_id: int
    plan_hash: str
    author: str
    author_key: str
    created_at: datetime
    flags: frozenset[str]
    site_kinds: tuple[str, ...]
    emergency: bool
    problems: tuple[str, ...] = ()
    """Integrity problems (altered in the database); any voids the plan."""
    superseded_by: int | None = None
    recorded: tuple[Recorded, ...] = ()

    @classmethod
    def from_document(
        cls,
        change_id: int,
        plan_hash: str,
        document: dict[str, Any],
        *,
        problems: Iterable[str] = (),
        superseded_by: int | None = None,
        recorded: Iterable[Recorded] = (),
    ) -> PlanFacts:
        """Facts from a plan document (missing fields read as empty; integrity says why)."""
        summary = document.get("summary") or {}
        author = document.get("author") or {}
        devices = document.get("devices") or []
        try:
            created = parse_timestamp(str(document.get("created_at")))
        except ValueError:
            created = datetime.fromtimestamp(0, UTC)
        return cls(
            change_id,
            plan_hash,
            str(author.get("name", "")),
            str(author.get("key", "")),
            created,
            frozenset((summary.get("risks") or {}).keys()),
            tuple(
                dict.fromkeys(str(d.get("site_kind", "")) for d in devices if isinstance(d, dict))
            ),
            bool(document.get("emergency")),
            tuple(problems),
            superseded_by,
            tuple(recorded),
        )


def _is_author(plan: PlanFacts, person: Person) -> bool:
    return person.key.fingerprint == plan.author_key or person.name.lower() == plan.author.lower()


def _terminal(plan: PlanFacts) -> str | None:
    """Why a plan takes no more approvals (None: it is open)."""
    if plan.problems:
        return (
            f"change {plan.change_id} was altered in the database ({plan.problems[0]}); "
            "its approvals are void: run 'citynet audit verify', then plan it again"
        )
    if plan.superseded_by is not None:
        return f"change {plan.change_id} was superseded by change {plan.superseded_by}"
    for entry in plan.recorded:
        if entry.action == "withdraw":
            return f"change {plan.change_id} was withdrawn by {entry.actor} (entry {entry.seq})"
        if entry.action == "reject":
            return f"change {plan.change_id} was rejected by {entry.actor} (entry {entry.seq})"
    return None


def refusal(
    policy: Policy,
    plan: PlanFacts | None,
    action: str,
    signed: Signed,
    *,
    change_id: int | None,
    plan_hash: str,
    now: datetime,
) -> str | None:
    """Why the policy refuses this signed action (None: it is accepted).

    ``plan`` is None for a new plan (action ``plan``); ``change_id`` and
    ``plan_hash`` are what the action is being recorded for.
    """
    person = policy.person_with_key(signed.key)
    payload = signed.payload
    if person is None:
        return (
            f"the key {signed.key.fingerprint} is not listed in the change policy; "
            f"only the keys in {policy.source} can act"
        )
    role = ROLE_FOR.get(action)
    if role is None:
        return f"{action!r} is not an action citynet records"
    if role not in person.roles:
        return f"{person.describe()} may not {action}: that needs the {role!r} role"
    if payload.action != action:
        return (
            f"the signature is for a {payload.action!r}, not a {action!r}: a signature is "
            "good for the one action it was made for"
        )
    if payload.change_id != change_id:
        return f"the signature is for change {payload.change_id}, not change {change_id}"
    if payload.plan_hash != plan_hash:
        return (
            f"the signature is over plan hash {payload.plan_hash[:12]}, not this plan's "
            f"{plan_hash[:12]}; sign what you were shown"
        )
    if payload.policy_hash != policy.hash:
        return (
            f"the signature names policy {payload.policy_hash[:12]}, but the policy in force is "
            f"{policy.hash[:12]}; sign again under the current policy"
        )
    age = abs(now - payload.time)
    if age > policy.signature_max_age:
        return (
            f"the signature was made at {timestamp(payload.time)}, more than "
            f"{policy.data.signature_max_age_minutes} minutes from now; sign again"
        )
    if plan is None:
        return None
    for entry in plan.recorded:
        if entry.signature_digest == signed.digest or entry.payload.text == payload.text:
            return (
                f"this signature was already recorded (entry {entry.seq}); a signature is "
                "good for one action only"
            )
    closed = _terminal(plan)
    if closed is not None and action != "review":
        return closed
    if now - plan.created_at > policy.plan_expiry and action in ("approve", "review"):
        return (
            f"change {plan.change_id} expired {policy.data.plan_expiry_days} days after it was "
            "planned; plan a revision"
        )
    if action == "withdraw":
        if not _is_author(plan, person):
            return f"only the author ({plan.author}) can withdraw change {plan.change_id}"
        return None
    if _is_author(plan, person):
        same = "key" if person.key.fingerprint == plan.author_key else "name"
        return (
            f"{person.name} planned change {plan.change_id} (same {same}); "
            f"an approval must come from someone else"
        )
    if action == "reject":
        return None if payload.comment.strip() else "a rejection needs a --comment saying why"
    if action == "review":
        return _review_refusal(policy, plan, person, now)
    quorum = policy.quorum(plan.flags, emergency=plan.emergency)
    if quorum.eligible and not quorum.eligible & person.groups:
        return (
            f"{person.name} is in no group that may approve a {quorum.level}-risk change "
            f"(needs {', '.join(sorted(quorum.eligible))})"
        )
    for entry in plan.recorded:
        if entry.action == "approve" and entry.actor == person.name:
            state = _approval_void(policy, plan, entry, now)
            if state is None:
                return f"{person.name} already approved change {plan.change_id} (entry {entry.seq})"
    return None


def _review_refusal(policy: Policy, plan: PlanFacts, person: Person, now: datetime) -> str | None:
    if not plan.emergency:
        return f"change {plan.change_id} is not an emergency change; it needs no review"
    quorum = policy.review_quorum()
    if quorum.groups and not quorum.groups & person.groups:
        return (
            f"{person.name} may not review an emergency change "
            f"(needs {', '.join(sorted(quorum.groups))})"
        )
    if any(e.action == "review" and e.actor == person.name for e in plan.recorded):
        return f"{person.name} already reviewed change {plan.change_id}"
    return None


def _approval_void(policy: Policy, plan: PlanFacts, entry: Recorded, now: datetime) -> str | None:
    """Why a recorded approval no longer counts (None: it counts)."""
    person = policy.person_with_fingerprint(entry.key_fingerprint)
    if person is None:
        return f"signed with key {entry.key_fingerprint}, which the policy in force does not list"
    if person.name != entry.actor:
        return f"recorded as {entry.actor}'s, but the key is {person.name}'s"
    if "approve" not in person.roles:
        return f"{entry.actor} no longer has the approve role"
    if entry.payload.policy_hash != policy.hash:
        return "made under another version of the change policy"
    if entry.payload.plan_hash != plan.plan_hash:
        return "made over another plan hash"
    if now - entry.payload.time > policy.approval_expiry:
        return f"expired ({policy.data.approval_expiry_hours} h after it was signed)"
    if _is_author(plan, person):
        return "made by the plan's author"
    return None


@dataclass
class ApprovalView:
    """One approval and whether it counts."""

    seq: int
    actor: str
    time: datetime
    void: str | None
    groups: frozenset[str] = frozenset()


@dataclass
class Status:
    """Where a plan stands, and why."""

    change_id: int
    state: str
    quorum: Quorum
    approvals: list[ApprovalView] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    approvable: bool = False
    approved: bool = False
    in_window: bool = False
    frozen: str | None = None
    next_window: datetime | None = None
    review: str | None = None
    expires: datetime | None = None

    @property
    def verdict(self) -> str:
        """One line for a person: the state and the first reason."""
        extra = f": {self.reasons[0]}" if self.reasons else ""
        return f"{self.state}{extra}"


def _quorum_met(quorum: Quorum, valid: Sequence[ApprovalView]) -> list[str]:
    """What is still missing for the quorum (empty: met)."""
    needs = []
    if len(valid) < quorum.approvals:
        who = f" from {', '.join(sorted(quorum.eligible))}" if quorum.eligible else ""
        needs.append(f"{quorum.approvals - len(valid)} more approval(s){who}")
    for group, count, flag in quorum.required:
        have = sum(1 for v in valid if group in v.groups)
        if have < count:
            needs.append(
                f"{count - have} more approval(s) from {group} (the change touches {flag})"
            )
    return needs


def evaluate(policy: Policy, plan: PlanFacts, now: datetime) -> Status:
    """Whether a plan is approvable, approved, expired, outside its window or frozen, and why."""
    quorum = policy.quorum(plan.flags, emergency=plan.emergency)
    status = Status(plan.change_id, "awaiting approval", quorum)
    calendar = policy.calendar
    kinds = [k for k in plan.site_kinds if k]
    freeze = calendar.freeze_at(now)
    status.frozen = (
        f"{freeze.name} ({freeze.reason})"
        if freeze and freeze.reason
        else (freeze.name if freeze else None)
    )
    status.in_window = all(calendar.in_window(k, now) for k in kinds)
    status.next_window = None if calendar.open_for(kinds, now) else calendar.next_open(kinds, now)
    closed = _terminal(plan)
    if closed is not None:
        status.state = (
            "tampered"
            if plan.problems
            else "superseded"
            if plan.superseded_by is not None
            else "withdrawn"
            if "withdrawn" in closed
            else "rejected"
        )
        status.reasons.append(closed)
        return status
    if now - plan.created_at > policy.plan_expiry:
        status.state = "expired"
        status.reasons.append(
            f"planned {timestamp(plan.created_at)}, more than {policy.data.plan_expiry_days} "
            "days ago: the running configs it was planned from are stale; plan a revision"
        )
        return status
    status.approvable = True
    counted: set[str] = set()
    valid: list[ApprovalView] = []
    for entry in plan.recorded:
        if entry.action != "approve":
            continue
        person = policy.person_with_fingerprint(entry.key_fingerprint)
        void = _approval_void(policy, plan, entry, now)
        if void is None and entry.actor in counted:
            void = "a second approval by the same person"
        view = ApprovalView(
            entry.seq,
            entry.actor,
            entry.payload.time,
            void,
            person.groups if person else frozenset(),
        )
        status.approvals.append(view)
        if void is None:
            counted.add(entry.actor)
            valid.append(view)
    status.needs = _quorum_met(quorum, valid)
    if valid:
        status.expires = min(v.time for v in valid) + policy.approval_expiry
    if status.needs:
        expired = [a for a in status.approvals if a.void and a.void.startswith("expired")]
        status.state = "awaiting approval"
        status.reasons.append("needs " + "; ".join(status.needs))
        if expired:
            status.reasons.append(
                f"{len(expired)} approval(s) expired ({', '.join(a.actor for a in expired)})"
            )
        voided = [a for a in status.approvals if a.void and not a.void.startswith("expired")]
        for view in voided:
            status.reasons.append(
                f"approval by {view.actor} (entry {view.seq}) is void: {view.void}"
            )
    else:
        status.approved = True
        status.state = "approved"
    if plan.emergency:
        status.review = _review_state(policy, plan, now)
        status.reasons.append(
            "emergency change: may run outside its window and during a freeze; " + status.review
        )
    elif status.frozen:
        status.reasons.append(f"frozen: {status.frozen}")
        if status.approved:
            status.state = "approved, frozen"
    elif not status.in_window:
        when = (
            status.next_window.astimezone(calendar.zone).strftime("%a %Y-%m-%d %H:%M %Z")
            if (status.next_window)
            else "not within the next 120 days"
        )
        status.reasons.append(f"outside its change window (next opens {when})")
        if status.approved:
            status.state = "approved, outside its window"
    return status


def _review_state(policy: Policy, plan: PlanFacts, now: datetime) -> str:
    quorum = policy.review_quorum()
    reviewers = [e for e in plan.recorded if e.action == "review"]
    due = plan.created_at + policy.review_within
    if len(reviewers) >= quorum.approvals:
        return "reviewed after the fact by " + ", ".join(e.actor for e in reviewers)
    late = "overdue since" if now > due else "due by"
    return (
        f"after-the-fact review pending ({len(reviewers)} of {quorum.approvals}; "
        f"{late} {timestamp(due)})"
    )


def read_recorded(rows: Iterable[Any]) -> tuple[list[Recorded], list[str]]:
    """The genuine signed actions among a plan's audit rows, and what is wrong with the rest.

    A row counts only when its content matches its entry hash, its signature
    verifies, the signing key is the one the row names, and the payload is for
    the row's action and change. Refusals and unsigned entries are skipped.
    """
    from citynet.changes.audit import row_hash

    found: list[Recorded] = []
    problems: list[str] = []
    for row in rows:
        if row.action not in ACTIONS:
            continue
        if row_hash(row) != row.entry_hash:
            problems.append(f"audit entry {row.seq} ({row.action}) was edited after recording")
            continue
        if not row.payload or not row.signature:
            problems.append(f"audit entry {row.seq} ({row.action}) carries no signature")
            continue
        try:
            signed = check_signature(row.payload, row.signature)
        except ApprovalError as exc:
            problems.append(f"audit entry {row.seq} ({row.action}): {exc}")
            continue
        payload = signed.payload
        if (
            signed.key.fingerprint != row.key_fingerprint
            or payload.action != row.action
            or (row.action != "plan" and payload.change_id != row.change_id)
        ):
            problems.append(
                f"audit entry {row.seq} ({row.action}) does not match its signature "
                "(key, action or change)"
            )
            continue
        found.append(
            Recorded(row.seq, row.action, row.actor, row.key_fingerprint, payload, row.signature)
        )
    return found, problems


def verify_entry(row: Any, policy: Policy | None) -> list[str]:
    """Re-check one signed audit entry: payload, signature, key, role (policy of its time).

    Returns the problems (empty: the entry is genuine).
    """
    problems: list[str] = []
    if not row.payload or not row.signature:
        return [f"entry {row.seq} ({row.action}) carries no signature"]
    try:
        signed = check_signature(row.payload, row.signature)
    except (ApprovalError, SignatureError) as exc:
        return [f"entry {row.seq} ({row.action}): {exc}"]
    payload = signed.payload
    if payload.action != row.action:
        problems.append(
            f"entry {row.seq} records a {row.action!r} but its signature is for a "
            f"{payload.action!r}"
        )
    if row.action != "plan" and payload.change_id != row.change_id:
        problems.append(
            f"entry {row.seq} is filed under change {row.change_id} but signed for "
            f"change {payload.change_id}"
        )
    if signed.key.fingerprint != row.key_fingerprint:
        problems.append(
            f"entry {row.seq} names key {row.key_fingerprint} but was signed with "
            f"{signed.key.fingerprint}"
        )
    if policy is None:
        problems.append(
            f"entry {row.seq}: the policy it was signed under "
            f"({payload.policy_hash[:12]}) is not in the store"
        )
        return problems
    person = policy.person_with_key(signed.key)
    if person is None:
        problems.append(
            f"entry {row.seq}: key {signed.key.fingerprint} was not in the policy it names"
        )
    elif person.name != row.actor:
        problems.append(
            f"entry {row.seq} names {row.actor} as the actor, but the key is {person.name}'s"
        )
    elif ROLE_FOR.get(row.action, "") not in person.roles:
        problems.append(
            f"entry {row.seq}: {person.name} did not have the {ROLE_FOR.get(row.action)!r} role"
        )
    return problems
