"""What someone with write access to the database can do: drop the append-only triggers and edit."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from citynet.changes.store import ChangeStore


def drop_guards(store: ChangeStore) -> None:
    """Remove the append-only triggers, as an attacker with database access would."""
    with store.engine.begin() as connection:
        if store.dialect == "postgresql":
            for table in ("plans", "audit_log"):
                connection.execute(
                    sa.text(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                )
        else:
            for table in ("plans", "audit_log"):
                for event in ("update", "delete"):
                    connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {table}_no_{event}"))


def execute(store: ChangeStore, statement: str, **params: Any) -> None:
    drop_guards(store)
    with store.engine.begin() as connection:
        connection.execute(sa.text(statement), params)


def one_byte(value: Any) -> Any:
    """The value with one byte changed (the last character, or a number plus one)."""
    if isinstance(value, int):
        return value + 1
    if value is None:
        return 1
    text = str(value)
    if not text:
        return "x"
    last = text[-1]
    return text[:-1] + ("0" if last != "0" else "1") if last.isalnum() else text[:-1] + "x"
