"""Every refusal rule of the change board, with its audit entry, on SQLite and PostgreSQL:
self-approval (by key, by name), unlisted keys, wrong roles and groups, other hashes,
replays, stale signatures, policy changes, quorum and groups, expiry, withdraw, reject,
emergency review."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest

from citynet.changes.audit import details_of
from citynet.changes.policy import Policy, policy_from_text
from citynet.changes.store import ChangeStore
from citynet.errors import ApprovalError
from tests.changes.board import Board, analog_phone, fire_station_port
from tests.changes.conftest import Person, policy_text


@pytest.fixture
def policy(people: dict[str, Person]) -> Policy:
    return policy_from_text(policy_text(people))


@pytest.fixture
def board(db_url: str, policy: Policy, people: dict[str, Person]) -> Iterator[Board]:
    with ChangeStore.open(db_url) as store:
        yield Board(store, policy, people)


def refused(board: Board, message: str) -> dict[str, object]:
    """The last audit entry is the refusal, with the same reason the user saw."""
    last = board.entries()[-1]
    assert last.action == "refused"
    details = details_of(last)
    assert message in str(details["reason"])
    return details


def test_a_low_risk_change_needs_one_approval(board: Board) -> None:
    change = board.plan()
    status = board.status(change)
    assert (status.state, status.approvable, status.quorum.level) == (
        "awaiting approval",
        True,
        "low",
    )
    assert status.reasons[0] == "needs 1 more approval(s) from cab, network"
    row = board.act("bob", "approve", change)
    assert (row.actor, row.action) == ("bob", "approve")
    status = board.status(change)
    assert status.approved and status.state.startswith("approved")
    assert [a.actor for a in status.approvals] == ["bob"]


def test_self_approval_by_key_is_refused(board: Board) -> None:
    change = board.plan("erin")  # erin may plan and approve
    with pytest.raises(
        ApprovalError, match=r"erin planned change 1 .same key.; an approval must come"
    ):
        board.act("erin", "approve", change)
    details = refused(board, "same key")
    assert details["attempted"] == "approve"
    assert not board.status(change).approved


def test_self_approval_by_name_is_refused(board: Board, people: dict[str, Person]) -> None:
    change = board.plan("erin")
    # The policy gives erin a new key (frank's stands in for it): same name, another key.
    erin, frank, mallory = (people[n].public.line for n in ("erin", "frank", "mallory"))
    text = policy_text(people)
    text = text.replace(f"name: erin\n    ssh_key: {erin}", f"name: erin\n    ssh_key: {frank}")
    text = text.replace(
        f"name: frank\n    ssh_key: {frank}", f"name: frank\n    ssh_key: {mallory}"
    )
    renamed = policy_from_text(text)
    assert renamed.person_with_key(people["frank"].public).name == "erin"  # type: ignore[union-attr]
    with pytest.raises(ApprovalError, match=r"erin planned change 1 .same name."):
        board.act("frank", "approve", change, policy=renamed)
    refused(board, "same name")


def test_a_key_the_policy_does_not_list_is_refused(board: Board, people: dict[str, Person]) -> None:
    change = board.plan()
    with pytest.raises(ApprovalError, match=r"is not listed in the change policy"):
        board.act("mallory", "approve", change)
    last = board.entries()[-1]
    assert (last.actor, last.key_fingerprint) == ("unknown", people["mallory"].public.fingerprint)


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (
            "alice",
            "alice (person; roles plan, apply) may not approve: that needs the 'approve' role",
        ),
        ("ci", "ci (service; roles plan) may not approve"),
    ],
)
def test_a_key_listed_for_another_role_is_refused(board: Board, who: str, message: str) -> None:
    change = board.plan("erin")
    with pytest.raises(ApprovalError, match=message.replace("(", r"\(").replace(")", r"\)")):
        board.act(who, "approve", change)
    refused(board, "may not approve")


def test_planning_needs_the_plan_role(board: Board) -> None:
    with pytest.raises(ApprovalError, match=r"bob .* may not plan"):
        board.plan("bob")
    refused(board, "may not plan")


def test_an_approver_outside_the_quorum_groups_is_refused(board: Board) -> None:
    change = board.plan()
    with pytest.raises(ApprovalError, match=r"frank is in no group that may approve a low-risk"):
        board.act("frank", "approve", change)


def test_a_signature_over_another_hash_is_refused(board: Board) -> None:
    change = board.plan()
    signed = board.signed("bob", "approve", "f" * 64, change)
    with pytest.raises(ApprovalError, match=r"over plan hash ffffffffffff, not this plan's"):
        board.record(change, "approve", signed)
    refused(board, "sign what you were shown")


def test_replays_are_refused(board: Board) -> None:
    first, second = board.plan(), board.plan()
    approval = board.signed("bob", "approve", board.plan_hash(first), first)
    board.record(first, "approve", approval)
    # the same signature again, for the same change
    with pytest.raises(ApprovalError, match=r"already recorded .entry 3.; a signature is good"):
        board.record(first, "approve", approval)
    # ... for another change
    with pytest.raises(ApprovalError, match=r"for change 1, not change 2"):
        board.record(second, "approve", approval)
    # ... as another action
    with pytest.raises(ApprovalError, match=r"for a 'approve', not a 'reject'"):
        board.record(first, "reject", approval)
    # erin's signature planning a change, offered as her approval of it
    planned = board.plan("erin")
    plan_entry = next(e for e in board.entries() if e.change_id == planned and e.action == "plan")
    from citynet.changes.approvals import check_signature

    replayed = check_signature(plan_entry.payload or "", plan_entry.signature or "")
    with pytest.raises(ApprovalError, match=r"for a 'plan', not a 'approve'"):
        board.record(planned, "approve", replayed)
    assert [e.action for e in board.entries()].count("refused") == 4
    assert len(board.status(first).approvals) == 1


def test_a_stale_or_future_signature_is_refused(board: Board) -> None:
    change = board.plan()
    with pytest.raises(ApprovalError, match=r"more than 15 minutes from now; sign again"):
        board.act("bob", "approve", change, when=board.now - timedelta(minutes=16))
    with pytest.raises(ApprovalError, match=r"more than 15 minutes from now"):
        board.act("bob", "approve", change, when=board.now + timedelta(hours=1))
    board.act("bob", "approve", change, when=board.now - timedelta(minutes=14))


def test_a_signature_naming_another_policy_is_refused(
    board: Board, people: dict[str, Person]
) -> None:
    change = board.plan()
    other = policy_from_text(
        policy_text(people).replace("approval_expiry_hours: 72", "approval_expiry_hours: 24")
    )
    signed = board.signed("bob", "approve", board.plan_hash(change), change, policy=other)
    with pytest.raises(ApprovalError, match=r"names policy .*, but the policy in force is"):
        board.record(change, "approve", signed)


def test_a_policy_change_voids_approvals(board: Board, people: dict[str, Person]) -> None:
    change = board.plan()
    board.act("bob", "approve", change)
    assert board.status(change).approved
    changed = policy_from_text(
        policy_text(people).replace("plan_expiry_days: 14", "plan_expiry_days: 10")
    )
    status = board.status(change, policy=changed)
    assert not status.approved and status.state == "awaiting approval"
    assert status.approvals[0].void == "made under another version of the change policy"
    assert any(
        r.startswith("approval by bob (entry 2) is void: made under another version")
        for r in status.reasons
    )
    # a comment is not a change of policy
    commented = policy_from_text("# reviewed by the board\n" + policy_text(people))
    assert board.status(change, policy=commented).approved
    # re-approving under the new policy counts again
    board.act("bob", "approve", change, policy=changed)
    assert board.status(change, policy=changed).approved


def test_an_approver_removed_from_the_policy_no_longer_counts(
    board: Board, people: dict[str, Person]
) -> None:
    change = board.plan()
    board.act("bob", "approve", change)
    without_bob = policy_from_text(
        policy_text(people).replace(people["bob"].public.line, people["mallory"].public.line)
    )
    assert board.status(change, policy=without_bob).approvals[0].void == (
        f"signed with key {people['bob'].public.fingerprint}, which the policy in force does "
        "not list"
    )


def test_quorum_by_risk_needs_two_approvers(board: Board) -> None:
    change = board.plan(devices=[fire_station_port()])
    status = board.status(change)
    assert (status.quorum.level, status.quorum.approvals) == ("high", 2)
    board.act("bob", "approve", change)
    assert board.status(change).needs == ["1 more approval(s) from cab, network"]
    with pytest.raises(ApprovalError, match=r"bob already approved change 1 .entry 2."):
        board.act("bob", "approve", change)
    board.act("carol", "approve", change)
    assert board.status(change).approved


def test_voice_changes_need_an_approver_from_the_voice_team(board: Board) -> None:
    change = board.plan(devices=[analog_phone()])
    status = board.status(change)
    assert (
        status.quorum.describe()
        == "1 approval(s) from cab, network, voice, 1 of them from voice (voice)"
    )
    board.act("bob", "approve", change)
    status = board.status(change)
    assert not status.approved
    assert status.needs == ["1 more approval(s) from voice (the change touches voice)"]
    board.act("dave", "approve", change)
    assert board.status(change).approved


def test_approvals_expire(board: Board) -> None:
    change = board.plan()
    board.act("bob", "approve", change)
    assert board.status(change, now=board.now + timedelta(hours=71)).approved
    later = board.status(change, now=board.now + timedelta(hours=73))
    assert not later.approved
    assert later.approvals[0].void == "expired (72 h after it was signed)"
    assert "1 approval(s) expired (bob)" in later.reasons
    # bob may approve again once his approval has expired
    board.act("bob", "approve", change, now=board.now + timedelta(hours=73))
    assert board.status(change, now=board.now + timedelta(hours=74)).approved


def test_plans_expire(board: Board) -> None:
    change = board.plan()
    status = board.status(change, now=board.now + timedelta(days=15))
    assert (status.state, status.approvable) == ("expired", False)
    with pytest.raises(
        ApprovalError, match=r"expired 14 days after it was planned; plan a revision"
    ):
        board.act("bob", "approve", change, now=board.now + timedelta(days=15))


def test_withdraw_only_by_the_author_and_then_closed(board: Board) -> None:
    change = board.plan()
    with pytest.raises(ApprovalError, match=r"only the author \(alice\) can withdraw change 1"):
        board.act("erin", "withdraw", change)
    board.act("alice", "withdraw", change)
    assert board.status(change).state == "withdrawn"
    with pytest.raises(ApprovalError, match=r"change 1 was withdrawn by alice"):
        board.act("bob", "approve", change)


def test_reject_needs_a_comment_and_closes_the_change(board: Board) -> None:
    change = board.plan()
    with pytest.raises(ApprovalError, match=r"a rejection needs a --comment"):
        board.act("carol", "reject", change)
    board.act("carol", "reject", change, comment="not during the festival")
    status = board.status(change)
    assert status.state == "rejected" and not status.approvable
    with pytest.raises(ApprovalError, match=r"change 1 was rejected by carol"):
        board.act("bob", "approve", change)


def test_a_revision_supersedes_its_predecessor(board: Board) -> None:
    first = board.plan()
    board.act("bob", "approve", first)
    second = board.plan(predecessor=(first, board.plan_hash(first)))
    assert board.status(first).state == "superseded"
    assert board.status(second).state == "awaiting approval"  # approvals never carry over
    with pytest.raises(ApprovalError, match=r"change 1 was already revised by change 2"):
        board.plan(predecessor=(first, board.plan_hash(first)))
    with pytest.raises(ApprovalError, match=r"does not have the plan hash this revision names"):
        board.plan(predecessor=(second, "0" * 64))


def test_emergency_changes_need_a_review_after_the_fact(board: Board) -> None:
    change = board.plan("erin", devices=[fire_station_port()], emergency="uplink down at FS01")
    status = board.status(change)
    assert status.quorum.emergency and status.quorum.approvals == 1
    with pytest.raises(ApprovalError, match=r"is not an emergency change"):
        board.act("carol", "review", board.plan())
    board.act("bob", "approve", change)
    status = board.status(change)
    assert status.approved
    assert (
        "after-the-fact review pending (0 of 1; due by 2026-03-06T15:00:00Z)" in status.reasons[-1]
    )
    overdue = board.status(change, now=board.now + timedelta(hours=73))
    assert "overdue since 2026-03-06T15:00:00Z" in overdue.reasons[-1]
    with pytest.raises(ApprovalError, match=r"dave may not review an emergency change .needs cab."):
        board.act("dave", "review", change)
    with pytest.raises(ApprovalError, match=r"erin planned change 1 .same key."):
        board.act("erin", "review", change)
    board.act("carol", "review", change, comment="justified: uplink was down")
    assert "reviewed after the fact by carol" in board.status(change).reasons[-1]


def test_the_payload_says_what_was_signed(board: Board) -> None:
    change = board.plan()
    row = board.act("bob", "approve", change, comment="fine")
    payload = json.loads(row.payload or "")
    assert set(payload) == {
        "namespace",
        "version",
        "action",
        "change",
        "plan_hash",
        "policy_hash",
        "time",
        "comment",
        "nonce",
    }
    assert (payload["action"], payload["change"], payload["comment"]) == ("approve", change, "fine")
    assert payload["policy_hash"] == board.policy.hash
    assert payload["plan_hash"] == board.plan_hash(change)
