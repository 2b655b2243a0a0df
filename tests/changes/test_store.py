"""The change store: created, upgraded from an older schema, a newer one refused (SQLite and
PostgreSQL), append-only tables, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from citynet.changes import audit
from citynet.changes.store import (
    SCHEMA_HEAD,
    AuditRow,
    ChangeStore,
    StoreError,
    display_url,
    known_revisions,
)


def test_head_is_the_last_migration() -> None:
    assert known_revisions()[-1] == SCHEMA_HEAD
    assert known_revisions() == ["0001", "0002", "0003"]


def test_a_new_store_is_created_at_the_head(db_url: str) -> None:
    with ChangeStore.open(db_url) as store:
        assert store.schema_revision() == SCHEMA_HEAD
        tables = set(sa.inspect(store.engine).get_table_names())
        assert {"plans", "audit_log", "audit_head", "policies", "alembic_version"} <= tables
        with store.read() as session:
            assert audit.head(session) == {"seq": 0, "entry_hash": "0" * 64, "recorded_at": None}
    with ChangeStore.open(db_url) as store:  # opening again changes nothing
        assert store.schema_revision() == SCHEMA_HEAD


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'deep' / 'folder' / 'c.db'}"
    with ChangeStore.open(url) as store, store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


# The schema of revision 0001, written out by hand (not by the migration): a database
# a citynet of that revision left behind.
OLD = sa.MetaData()
sa.Table(
    "plans",
    OLD,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uid", sa.String(32), nullable=False, unique=True),
    sa.Column("plan_hash", sa.String(64), nullable=False),
    sa.Column("predecessor_id", sa.Integer, sa.ForeignKey("plans.id")),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("author", sa.String(100), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("ticket", sa.String(100), nullable=False),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("hosts", sa.Text, nullable=False),
    sa.Column("sites", sa.Text, nullable=False),
    sa.Column("document", sa.Text, nullable=False),
)
OLD_AUDIT = sa.Table(
    "audit_log",
    OLD,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("recorded_at", sa.String(32), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("change_id", sa.Integer, index=True),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("key_fingerprint", sa.String(100), nullable=False),
    sa.Column("os_user", sa.String(100), nullable=False),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("payload", sa.Text),
    sa.Column("signature", sa.Text),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False, unique=True),
)
OLD_HEAD = sa.Table(
    "audit_head",
    OLD,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("entry_hash", sa.String(64), nullable=False),
)
VERSION = sa.Table(
    "alembic_version", OLD, sa.Column("version_num", sa.String(32), primary_key=True)
)


def _old_database(url: str, revision: str = "0001") -> None:
    engine = sa.create_engine(url)
    try:
        OLD.create_all(engine)
        fields = {
            "seq": 1,
            "recorded_at": "2026-01-05T10:00:00Z",
            "action": "note",
            "change_id": None,
            "actor": "alice",
            "key_fingerprint": "",
            "os_user": "alice",
            "details": '{"text":"made by revision 0001"}',
            "payload": None,
            "signature": None,
            "prev_hash": "0" * 64,
        }
        entry_hash = audit.entry_hash(**fields)
        with engine.begin() as connection:
            connection.execute(sa.insert(VERSION).values(version_num=revision))
            connection.execute(sa.insert(OLD_AUDIT).values(**fields, entry_hash=entry_hash))
            connection.execute(sa.insert(OLD_HEAD).values(id=1, seq=1, entry_hash=entry_hash))
    finally:
        engine.dispose()


def test_an_older_schema_is_upgraded_with_its_data(db_url: str) -> None:
    _old_database(db_url)
    with ChangeStore.open(db_url) as store:
        assert store.schema_revision() == SCHEMA_HEAD
        assert "policies" in sa.inspect(store.engine).get_table_names()
        with store.read() as session:
            rows = audit.entries(session)
            assert [r.details for r in rows] == ['{"text":"made by revision 0001"}']
            assert audit.verify_chain(rows, audit.head(session)) == []
        with store.write() as session:  # appends continue the old chain
            audit.append(
                session,
                recorded_at="2026-01-06T00:00:00Z",
                action="note",
                change_id=None,
                actor="bob",
            )
        with store.read() as session:
            assert audit.verify_chain(audit.entries(session), audit.head(session)) == []
        # and revision 0002 made the log append-only
        with pytest.raises(StoreError, match="append-only"), store.write() as session:
            session.execute(sa.update(AuditRow).values(actor="mallory"))


def test_a_newer_schema_is_refused_and_left_alone(db_url: str) -> None:
    _old_database(db_url, revision="0099")
    with pytest.raises(StoreError) as caught:
        ChangeStore.open(db_url)
    message = str(caught.value)
    assert "version 0099, newer than this citynet knows (up to 0003)" in message
    assert "upgrade citynet" in message and "\n" not in message
    engine = sa.create_engine(db_url)
    try:
        assert "policies" not in sa.inspect(engine).get_table_names()
        with engine.connect() as connection:
            version = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            assert version.scalar() == "0099"
    finally:
        engine.dispose()


def test_a_database_of_someone_else_is_refused(db_url: str) -> None:
    engine = sa.create_engine(db_url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE plans (id INTEGER PRIMARY KEY, other TEXT)"))
    engine.dispose()
    with pytest.raises(StoreError, match="no citynet schema version; give citynet a database"):
        ChangeStore.open(db_url)


def test_plans_cannot_be_updated_or_deleted(db_url: str) -> None:
    from citynet.changes.store import PlanRow

    with ChangeStore.open(db_url) as store:
        with store.write() as session:
            session.add(
                PlanRow(
                    uid="u1",
                    plan_hash="h",
                    created_at="t",
                    author="a",
                    title="t",
                    ticket="",
                    source="drift",
                    mode="merge",
                    hosts="[]",
                    sites="[]",
                    document="{}",
                )
            )
        for statement in (sa.update(PlanRow).values(title="other"), sa.delete(PlanRow)):
            with pytest.raises(StoreError, match="plans is append-only"), store.write() as s:
                s.execute(statement)


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    url = "postgresql://citynet:hunter2@/citynet?host=/nonexistent-socket-dir"
    with pytest.raises(StoreError) as caught:
        ChangeStore.open(url)
    message = str(caught.value)
    assert message.startswith("cannot open the change store at postgresql+psycopg://citynet:***@")
    assert "hunter2" not in message and "\n" not in message
    assert "CITYNET_DB_URL" in message


def test_display_url_hides_passwords() -> None:
    assert display_url("postgresql://u:p@h/d") == "postgresql://u:***@h/d"
    assert display_url("not a url") == "<unreadable database URL>"


def test_the_migrations_go_down_and_up_again(db_url: str) -> None:
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory

    from citynet.changes.store import MIGRATIONS, upgrade

    with ChangeStore.open(db_url) as store:
        script = ScriptDirectory(str(MIGRATIONS))
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))

        def down(revision: object, context: object) -> object:
            return script._downgrade_revs("base", revision)

        with (
            store.engine.begin() as connection,
            EnvironmentContext(config, script, fn=down, destination_rev="base") as env,
        ):
            env.configure(connection=connection, transactional_ddl=True)
            with env.begin_transaction():
                env.run_migrations()
        assert set(sa.inspect(store.engine).get_table_names()) <= {"alembic_version"}
        with store.engine.begin() as connection:
            upgrade(connection, None)
        assert store.schema_revision() == SCHEMA_HEAD
        with store.read() as session:
            assert audit.head(session)["seq"] == 0
