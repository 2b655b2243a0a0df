"""The change store: plans, policy versions and the audit log, in one database.

SQLite in the state directory by default (WAL mode, so readers never wait for a
writer), or PostgreSQL when ``CITYNET_DB_URL`` or ``[database] url`` names one.
Opening a store brings its schema to this citynet's version with the Alembic
migrations in ``migrations/`` (an older database is upgraded in one transaction;
a newer one is refused, never touched).

Every write runs in one transaction that first takes the store's write lock
(``BEGIN IMMEDIATE`` on SQLite, a row lock on the audit head on PostgreSQL), so
several engineers and a CI job can plan and approve at once: writers queue,
and each sees what the one before it committed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    event,
    inspect,
    make_url,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from citynet.errors import CitynetError

SCHEMA_HEAD = "0003"
"""The newest schema revision this citynet knows (the head of ``migrations/versions``)."""
MIGRATIONS = Path(__file__).with_name("migrations")
GENESIS = "0" * 64
"""The previous-entry hash of the first audit entry."""
_MIGRATION_LOCK = 0x6369_7479_6E65_74  # PostgreSQL advisory lock id ("citynet")
_OUR_TABLES = frozenset(
    {"plans", "audit_log", "audit_head", "policies", "device_leases", "push_states"}
)


class StoreError(CitynetError):
    """The change store cannot be opened, is of another version, or refused a write."""


class Base(DeclarativeBase):
    """Declarative base of the change store's tables."""


class PlanRow(Base):
    """A change plan, immutable once written.

    ``document`` is the canonical JSON of the whole plan and ``plan_hash`` its
    SHA-256; the other columns repeat fields of the document for listing and
    are checked against it whenever a plan is read.
    """

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)
    plan_hash: Mapped[str] = mapped_column(String(64))
    predecessor_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"), nullable=True)
    created_at: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200))
    ticket: Mapped[str] = mapped_column(String(100))
    source: Mapped[str] = mapped_column(String(16))
    mode: Mapped[str] = mapped_column(String(16))
    hosts: Mapped[str] = mapped_column(Text)
    sites: Mapped[str] = mapped_column(Text)
    document: Mapped[str] = mapped_column(Text)


class AuditRow(Base):
    """One entry of the audit log; ``entry_hash`` covers every other column."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    recorded_at: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    change_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    actor: Mapped[str] = mapped_column(String(100))
    key_fingerprint: Mapped[str] = mapped_column(String(100))
    os_user: Mapped[str] = mapped_column(String(100))
    details: Mapped[str] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    signature: Mapped[str | None] = mapped_column(Text, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The last entry of the audit log (one row): appends lock and advance it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))


class PolicyRow(Base):
    """Every version of the change policy a signature was made under, by its hash."""

    __tablename__ = "policies"

    policy_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[str] = mapped_column(String(32))


class LeaseRow(Base):
    """Which run holds a device, until when (see :mod:`citynet.push.leases`)."""

    __tablename__ = "device_leases"

    host: Mapped[str] = mapped_column(String(100), primary_key=True)
    change_id: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[str] = mapped_column(String(32))
    holder: Mapped[str] = mapped_column(String(200))
    machine: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[str] = mapped_column(String(32))
    expires_at: Mapped[str] = mapped_column(String(32))


class PushStateRow(Base):
    """How far the push of one change got on one device."""

    __tablename__ = "push_states"

    change_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    host: Mapped[str] = mapped_column(String(100), primary_key=True)
    state: Mapped[str] = mapped_column(String(40))
    run_id: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(32))


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver.

    >>> normalise_url("postgresql://u@db/citynet")
    'postgresql+psycopg://u@db/citynet'
    >>> normalise_url("sqlite:///state/citynet.db")
    'sqlite:///state/citynet.db'
    """
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def display_url(url: str) -> str:
    """The URL without its password, for messages.

    >>> display_url("postgresql+psycopg://bob:s3cret@db/citynet")
    'postgresql+psycopg://bob:***@db/citynet'
    """
    try:
        return make_url(url).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return "<unreadable database URL>"


class ChangeStore:
    """An open change store (see the module documentation)."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = url
        self._writer = engine.execution_options(citynet_write=True)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> ChangeStore:
        """Open (and create or upgrade) the store at ``url``.

        Raises:
            StoreError: the database cannot be reached, holds a newer schema,
                or holds tables citynet did not create.
        """
        url = normalise_url(url)
        engine = _engine(url)
        store = cls(engine, url)
        try:
            if migrate:
                store._migrate()
            else:
                store.schema_revision()
        except DBAPIError as exc:
            engine.dispose()
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StoreError(
                f"cannot open the change store at {display_url(url)}: {reason}; "
                "check CITYNET_DB_URL or [database] url in citynet.toml"
            ) from None
        except StoreError:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def __enter__(self) -> ChangeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (one transaction, never blocking writers)."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A session holding the store's write lock for one transaction.

        Commits when the block ends, rolls back when it raises.

        Raises:
            StoreError: the database refused the write (the message says why).
        """
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                if self.dialect == "postgresql":
                    session.execute(
                        select(AuditHead.seq).where(AuditHead.id == 1).with_for_update()
                    )
                yield session
        except DBAPIError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StoreError(f"the change store refused the write: {reason}") from None

    def schema_revision(self) -> str | None:
        """The schema revision recorded in the database (None: no citynet schema)."""
        with self.engine.connect() as connection:
            return _revision(connection)

    def _migrate(self) -> None:
        with self._writer.begin() as connection:
            if self.dialect == "postgresql":
                connection.execute(text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})"))
            current = _revision(connection)
            if current == SCHEMA_HEAD:
                return
            if current is None:
                foreign = set(inspect(connection).get_table_names()) & _OUR_TABLES
                if foreign:
                    raise StoreError(
                        f"the database at {display_url(self.url)} has tables named like "
                        f"citynet's ({', '.join(sorted(foreign))}) but no citynet schema "
                        "version; give citynet a database of its own"
                    )
            upgrade(connection, current)


def _revision(connection: Any) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def known_revisions() -> list[str]:
    """Every schema revision of ``migrations/versions``, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    return [s.revision for s in reversed(list(script.walk_revisions()))]


def upgrade(connection: Any, current: str | None, target: str = SCHEMA_HEAD) -> None:
    """Run the migrations from ``current`` to ``target`` on an open connection.

    Raises:
        StoreError: ``current`` is a revision this citynet does not know (a newer one).
    """
    from alembic.config import Config
    from alembic.runtime.environment import EnvironmentContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    known = known_revisions()
    if current is not None and current not in known:
        raise StoreError(
            f"the change store's schema is version {current}, newer than this citynet knows "
            f"(up to {known[-1]}); upgrade citynet before using this database, never the "
            "other way round"
        )
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))

    def steps(revision: Any, context: Any) -> Any:
        return script._upgrade_revs(target, revision)

    with EnvironmentContext(config, script, fn=steps, destination_rev=target) as environment:
        environment.configure(connection=connection, transactional_ddl=True)
        with environment.begin_transaction():
            environment.run_migrations()


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        # Let SQLAlchemy's begin event issue BEGIN itself (IMMEDIATE for writers).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("citynet_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
