"""Back up the running configuration of every selected device."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from citynet.backup.store import BackupStore, Version
from citynet.device.options import ConnectionOptions
from citynet.platforms import Platform
from citynet.workspace import Settings
from tasks.get_running_config import get_running_config


@dataclass(frozen=True)
class BackupOutcome:
    host: str
    status: str
    """``new version``, ``unchanged`` or ``failed``."""
    version: Version | None = None
    error: str = ""
    running: str | None = None


def collect(
    nornir: Any, *, settings: Settings, options: ConnectionOptions, hmac_key: bytes | None = None
) -> dict[str, tuple[str | None, str]]:
    """Run the collection; host -> (redacted running config, error message).

    With ``hmac_key``, secrets are keyed hash markers rather than ``<redacted>``.
    """
    results = nornir.run(
        task=get_running_config,
        settings=settings,
        options=options,
        hmac_key=hmac_key,
        on_failed=True,
    )
    nornir.close_connections(on_good=True, on_failed=True)  # any left open by a failure
    collected: dict[str, tuple[str | None, str]] = {}
    for name, multi in results.items():
        if multi.failed:
            exc = multi[0].exception
            collected[name] = (None, str(exc) if exc else "failed")
        else:
            collected[name] = (multi[0].result, "")
    return collected


def backup(
    nornir: Any,
    store: BackupStore,
    *,
    settings: Settings,
    options: ConnectionOptions,
    now: datetime | None = None,
    hmac_key: bytes | None = None,
) -> list[BackupOutcome]:
    """Collect and store; a device that fails is reported, never stops the others.

    With ``hmac_key`` (``CITYNET_SECRET_HMAC_KEY``) each secret is stored as its keyed hash, so
    a changed secret shows between two versions without its value being kept.
    """
    when = now or datetime.now(UTC)
    outcomes = []
    collected = collect(nornir, settings=settings, options=options, hmac_key=hmac_key)
    for name, (text, error) in sorted(collected.items()):
        if text is None:
            outcomes.append(BackupOutcome(name, "failed", None, error))
            continue
        platform = Platform(nornir.inventory.hosts[name].platform)
        version, new = store.save(name, text, platform, when)
        outcomes.append(
            BackupOutcome(name, "new version" if new else "unchanged", version, running=text)
        )
    return outcomes
