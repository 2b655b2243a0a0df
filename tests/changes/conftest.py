"""The two databases the change store's tests run on.

The store's tests run on SQLite and on PostgreSQL (``db_url`` is parametrised).
PostgreSQL comes from ``CITYNET_TEST_PG_URL`` (``.ci/run`` starts one), else from a
server this session starts itself when Debian's binaries are installed; without
either the PostgreSQL cases skip here and fail under ``CI=true``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.changes import pgserver
from tests.support import require


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
