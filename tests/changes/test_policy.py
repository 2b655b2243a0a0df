"""The change policy: every broken policy under tests/fixtures/changes/policies gives exactly its
errors with file:line; the hash ignores layout and comments; quorum by risk and group."""

from __future__ import annotations

from pathlib import Path

import pytest

from citynet.changes.policy import POLICY_FILE, Policy, PolicyError, load_policy, policy_from_text
from tests.support import FIXTURES, PROJECT

CASES = sorted(p for p in (FIXTURES / "changes" / "policies").iterdir() if p.name != "valid")
VALID = FIXTURES / "changes" / "policies" / "valid" / "change_policy.yaml"


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_exact_errors(case: Path) -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy(case / "change_policy.yaml", POLICY_FILE)
    expected = (case / "expected.txt").read_text().splitlines()
    assert [str(p) for p in caught.value.problems] == expected
    for line in expected:
        assert line.startswith("inventory/change_policy.yaml"), line


def test_the_workspace_policy_is_valid() -> None:
    policy = load_policy(PROJECT / POLICY_FILE)
    assert {p.name for p in policy.people} >= {"james.chen", "ci-pipeline"}
    assert policy.public_safety_kinds >= {"communications_911", "fire_station"}
    assert policy.zone.key == "America/New_York"


def test_a_missing_policy_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match=r"the change policy is missing.*create inventory/"):
        load_policy(tmp_path / "nope.yaml")


def test_the_hash_ignores_comments_and_layout_but_not_content() -> None:
    text = VALID.read_text()
    base = policy_from_text(text).hash
    assert (
        policy_from_text(
            "# a comment\n"
            + text.replace("approval_expiry_hours: 72", "approval_expiry_hours:   72")
        ).hash
        == base
    )
    assert (
        policy_from_text(
            text.replace("approval_expiry_hours: 72", "approval_expiry_hours: 48")
        ).hash
        != base
    )
    assert (
        policy_from_text(
            text.replace(
                "roles: [approve]\n    groups: [cab]",
                "roles: [approve]\n    groups: [cab, network]",
            )
        ).hash
        != base
    )


def test_a_stored_policy_reads_back_with_the_same_hash() -> None:
    policy = policy_from_text(VALID.read_text())
    again = Policy.from_document(policy.document)
    assert again.hash == policy.hash
    with pytest.raises(PolicyError, match=r"not a valid policy"):
        Policy.from_document({"people": []})


def test_quorum_by_risk_and_group(people_policy: Policy) -> None:
    policy = people_policy
    assert policy.level([]) == "low"
    assert policy.level(["voice"]) == "medium"
    assert policy.level(["voice", "public_safety"]) == "high"
    assert policy.level(["emergency_calls"]) == "critical"
    quorum = policy.quorum(["voice", "public_safety"])
    assert (quorum.level, quorum.approvals) == ("high", 2)
    assert quorum.required == (("voice", 1, "voice"),)
    assert quorum.eligible == {"network", "cab", "voice"}
    assert (
        quorum.describe() == "2 approval(s) from cab, network, voice, 1 of them from voice (voice)"
    )
    emergency = policy.quorum(["public_safety"], emergency=True)
    assert (emergency.approvals, emergency.emergency, emergency.required) == (1, True, ())


@pytest.fixture
def people_policy(people: dict[str, object]) -> Policy:
    from tests.changes.conftest import policy_text

    return policy_from_text(policy_text(people))  # type: ignore[arg-type]
