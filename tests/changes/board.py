"""A change board for the tests: people who sign with their keys, a store, a policy, a clock."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from citynet.changes import service
from citynet.changes.approvals import Signed, Status, check_signature, make_payload, timestamp
from citynet.changes.plan import DeviceInput, PlanRequest, build_plan, plan_hash
from citynet.changes.policy import Policy
from citynet.changes.signing import sign
from citynet.changes.store import AuditRow, ChangeStore
from tests.changes.conftest import Person
from tests.support import PROJECT

NOW = datetime(2026, 3, 3, 15, 0, tzinfo=UTC)  # a Tuesday, 10:00 in New York


def golden(host: str) -> str:
    return (PROJECT / "golden_configs" / f"{host}.cfg").read_text()


def drifted(host: str, old: str, new: str, *, site: str, kind: str) -> DeviceInput:
    text = golden(host)
    assert old in text, (host, old)
    return DeviceInput(
        host=host,
        site=site,
        site_kind=kind,
        role="access",
        platform="cisco_iosxe",
        running=text.replace(old, new, 1),
        golden=text,
        running_source="backup 2026-03-01",
    )


PORT = "interface GigabitEthernet1/0/5\n description User port\n"


def library_port() -> DeviceInput:
    """A low-risk change: one port description at a library."""
    return drifted(
        "lib1-acc01", PORT, PORT.replace("User port", "Reading room"), site="LIB1", kind="library"
    )


def fire_station_port() -> DeviceInput:
    """A high-risk change (public safety): one port description at a fire station."""
    return drifted(
        "fs01-acc02",
        PORT,
        PORT.replace("User port", "Lobby kiosk"),
        site="FS01",
        kind="fire_station",
    )


def analog_phone() -> DeviceInput:
    """A medium-risk voice change at a library: needs a voice approver."""
    return drifted(
        "fs01-vg01",
        " description Analog station 1\n",
        " description Lobby phone\n",
        site="LIB1",
        kind="library",
    )


@dataclass
class Board:
    store: ChangeStore
    policy: Policy
    people: dict[str, Person]
    now: datetime = NOW
    documents: dict[int, dict[str, Any]] = field(default_factory=dict)

    def signed(
        self,
        who: str,
        action: str,
        plan_hash: str,
        change_id: int | None,
        *,
        comment: str = "",
        when: datetime | None = None,
        policy: Policy | None = None,
    ) -> Signed:
        text = make_payload(
            action,
            plan_hash=plan_hash,
            policy_hash=(policy or self.policy).hash,
            when=when or self.now,
            change_id=change_id,
            comment=comment,
        )
        return check_signature(text, sign(text.encode(), self.people[who].key))

    def document(
        self, who: str = "alice", devices: list[DeviceInput] | None = None, **changes: Any
    ) -> dict[str, Any]:
        author = self.people[who].public
        values: dict[str, Any] = {
            "title": "Bring the port back",
            "source": "drift",
            "author": who,
            "author_key": author.fingerprint,
            "created_at": timestamp(self.now),
            "uid": uuid.uuid4().hex,
            "policy_hash": self.policy.hash,
            "public_safety_kinds": self.policy.public_safety_kinds,
        }
        values.update(changes)
        document = build_plan(PlanRequest(**values), devices or [library_port()])
        assert document is not None
        return document

    def plan(
        self, who: str = "alice", devices: list[DeviceInput] | None = None, **changes: Any
    ) -> int:
        document = self.document(who, devices, **changes)
        signed = self.signed(who, "plan", plan_hash(document), None)
        change_id = service.create_plan(
            self.store, self.policy, document, signed, now=self.now, user="tester"
        )
        self.documents[change_id] = document
        return change_id

    def plan_hash(self, change_id: int) -> str:
        with self.store.read() as session:
            return service.load_plan(session, change_id).row.plan_hash

    def act(
        self,
        who: str,
        action: str,
        change_id: int,
        *,
        comment: str = "",
        when: datetime | None = None,
        policy: Policy | None = None,
        now: datetime | None = None,
    ) -> AuditRow:
        signed = self.signed(
            who,
            action,
            self.plan_hash(change_id),
            change_id,
            comment=comment,
            when=when or now,
            policy=policy,
        )
        return self.record(change_id, action, signed, policy=policy, now=now)

    def record(
        self,
        change_id: int,
        action: str,
        signed: Signed,
        *,
        policy: Policy | None = None,
        now: datetime | None = None,
    ) -> AuditRow:
        return service.record_action(
            self.store,
            policy or self.policy,
            change_id,
            action,
            signed,
            now=now or self.now,
            user="tester",
        )

    def status(
        self, change_id: int, *, now: datetime | None = None, policy: Policy | None = None
    ) -> Status:
        with self.store.read() as session:
            plan = service.load_plan(session, change_id)
        return service.status_of(policy or self.policy, plan, now or self.now)

    def entries(self) -> list[AuditRow]:
        from citynet.changes import audit

        with self.store.read() as session:
            return audit.entries(session)
