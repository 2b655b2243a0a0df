"""Workspaces with drifted backups, test people's SSH keys, and the two databases.

The store's tests run on SQLite and on PostgreSQL (``db_url`` is parametrised).
PostgreSQL comes from ``CITYNET_TEST_PG_URL`` (``.ci/run`` starts one), else from a
server this session starts itself when Debian's binaries are installed; without
either the PostgreSQL cases skip here and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from citynet.backup.store import BackupStore
from citynet.changes.signing import PublicKey, generate_key
from citynet.ios.secrets import unnamed
from citynet.platforms import Platform
from tests.changes import pgserver
from tests.support import FIXTURES, PROJECT, require

PEOPLE = ("alice", "bob", "carol", "dave", "erin", "frank", "ci", "mallory")
"""Test people; mallory is in no policy."""
POLICY_TEMPLATE = FIXTURES / "changes" / "policy.yaml"


@dataclass(frozen=True)
class Person:
    name: str
    key: Path
    public: PublicKey


@pytest.fixture(scope="session")
def people(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Person]:
    """An Ed25519 key pair per test person (made once per session)."""
    folder = tmp_path_factory.mktemp("keys")
    return {
        name: Person(name, folder / name, generate_key(folder / name, f"{name}@test"))
        for name in PEOPLE
    }


def policy_text(people: dict[str, Person], template: Path = POLICY_TEMPLATE) -> str:
    text = template.read_text()
    for name, person in people.items():
        text = text.replace("{" + name + "}", person.public.line + f" {name}@test")
    return text


def drift_acc02(text: str) -> str:
    """fs01-acc02 (a fire station): a port description and a logging host changed by hand."""
    text = text.replace(
        "interface GigabitEthernet1/0/5\n description User port\n",
        "interface GigabitEthernet1/0/5\n description Lobby kiosk\n",
    )
    return text.replace("logging host 10.0.76.12\n", "")


def drift_lib(text: str) -> str:
    """lib1-acc01 (a library): one port description."""
    return text.replace(
        "interface GigabitEthernet1/0/5\n description User port\n",
        "interface GigabitEthernet1/0/5\n description Reading room\n",
    )


DRIFTS: dict[str, Callable[[str], str]] = {"fs01-acc02": drift_acc02, "lib1-acc01": drift_lib}
"""Devices whose backups differ from golden in the default workspace."""
BACKED_UP = (
    "fs01-rtr01",
    "fs01-acc01",
    "fs01-acc02",
    "fs01-vg01",
    "lib1-rtr01",
    "lib1-acc01",
    "lib1-acc02",
)


def make_workspace(root: Path, people: dict[str, Person]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PROJECT / "citynet.toml", root / "citynet.toml")
    shutil.copytree(PROJECT / "inventory", root / "inventory")
    shutil.copytree(PROJECT / "golden_configs", root / "golden_configs")
    (root / "inventory" / "change_policy.yaml").write_text(policy_text(people))
    return root


def seed_backups(
    root: Path,
    hosts: tuple[str, ...] = BACKED_UP,
    drifts: dict[str, Callable[[str], str]] | None = None,
) -> None:
    store = BackupStore(root / "state" / "backups")
    drifts = DRIFTS if drifts is None else drifts
    for host in hosts:
        # A device shows its secrets encrypted, never by name: backups hold them masked.
        text = unnamed((root / "golden_configs" / f"{host}.cfg").read_text())
        edit = drifts.get(host)
        store.save(
            host,
            edit(text) if edit else text,
            Platform.CISCO_IOSXE,
            datetime(2026, 3, 1, tzinfo=UTC),
        )


@pytest.fixture
def workspace(tmp_path: Path, people: dict[str, Person]) -> Path:
    """A copy of the City's workspace with the test policy and drifted backups."""
    root = make_workspace(tmp_path / "workspace", people)
    seed_backups(root)
    return root


# ---------------------------------------------------------------------------- databases
@pytest.fixture(scope="session")
def postgres() -> Iterator[str | None]:
    """A PostgreSQL server URL for the session (None: none to be had here)."""
    given = os.environ.get("CITYNET_TEST_PG_URL")
    if given:
        yield given
        return
    if os.environ.get("CITYNET_TEST_NO_PG_SERVER") or pgserver.find_bindir() is None:
        yield None
        return
    try:
        server = pgserver.start()
    except (RuntimeError, OSError, KeyError):
        yield None
        return
    try:
        yield server.url
    finally:
        pgserver.stop(server.folder, server.bindir)


def _admin(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def fresh_database(server_url: str) -> tuple[str, Callable[[], None]]:
    """A new empty database on the server, and how to drop it."""
    import psycopg
    from sqlalchemy import make_url

    name = f"citynet_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin(server_url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with psycopg.connect(_admin(server_url), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, postgres: str | None) -> Iterator[str]:
    """An empty change store: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        (tmp_path / "state").mkdir(exist_ok=True)
        yield f"sqlite:///{tmp_path / 'state' / 'citynet.db'}"
        return
    require(
        "PostgreSQL",
        postgres is not None,
        "set CITYNET_TEST_PG_URL, or install Debian's postgresql package",
    )
    assert postgres is not None
    url, drop = fresh_database(postgres)
    try:
        yield url
    finally:
        from sqlalchemy.orm import close_all_sessions

        close_all_sessions()
        drop()
