"""Back up the running configuration of every selected device."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from citynet.backup.store import BackupStore, Version
from citynet.device.options import ConnectionOptions
from citynet.platforms import Platform
from citynet.workspace import Settings
from tasks.get_running_config import get_running_config

if TYPE_CHECKING:
    from citynet.state import Snapshot


@dataclass(frozen=True)
class BackupOutcome:
    host: str
    status: str
    """``new version``, ``unchanged`` or ``failed``."""
    version: Version | None = None
    error: str = ""
    running: str | None = None
    unsaved: str | None = None
    """What the device has not saved to its startup configuration (None: all saved)."""
    voice_state: Snapshot | None = None
    """A voice gateway's voice state, read on the same session (when asked for)."""


Collected = tuple[str | None, str, str | None, "Snapshot | None"]
"""(redacted running config, error message, unsaved changes, voice state)."""


def _run(
    nornir: Any,
    settings: Settings,
    options: ConnectionOptions,
    hmac_key: bytes | None,
    voice_state: bool = False,
) -> dict[str, Collected]:
    """host -> what was collected."""
    results = nornir.run(
        task=get_running_config,
        settings=settings,
        options=options,
        hmac_key=hmac_key,
        voice_state=voice_state,
        on_failed=True,
    )
    nornir.close_connections(on_good=True, on_failed=True)  # any left open by a failure
    collected: dict[str, Collected] = {}
    for name, multi in results.items():
        if multi.failed:
            exc = multi[0].exception
            collected[name] = (None, str(exc) if exc else "failed", None, None)
        else:
            got = multi[0]
            unsaved, state = getattr(got, "unsaved", None), getattr(got, "voice_state", None)
            collected[name] = (got.result, "", unsaved, state)
    return collected


def collect(
    nornir: Any, *, settings: Settings, options: ConnectionOptions, hmac_key: bytes | None = None
) -> dict[str, tuple[str | None, str]]:
    """Run the collection; host -> (redacted running config, error message).

    With ``hmac_key``, secrets are keyed hash markers rather than ``<redacted>``.
    """
    ran = _run(nornir, settings, options, hmac_key)
    return {name: (text, error) for name, (text, error, *_) in ran.items()}


def backup(
    nornir: Any,
    store: BackupStore,
    *,
    settings: Settings,
    options: ConnectionOptions,
    now: datetime | None = None,
    hmac_key: bytes | None = None,
    voice_state: bool = False,
) -> list[BackupOutcome]:
    """Collect and store; a device that fails is reported, never stops the others.

    With ``hmac_key`` (``CITYNET_SECRET_HMAC_KEY``) each secret is stored as its keyed hash, so
    a changed secret shows between two versions without its value being kept. With
    ``voice_state``, each voice gateway's voice state is read on the same session.
    """
    when = now or datetime.now(UTC)
    outcomes = []
    collected = _run(nornir, settings, options, hmac_key, voice_state)
    for name, (text, error, unsaved, state) in sorted(collected.items()):
        if text is None:
            outcomes.append(BackupOutcome(name, "failed", None, error))
            continue
        platform = Platform(nornir.inventory.hosts[name].platform)
        version, new = store.save(name, text, platform, when)
        status = "new version" if new else "unchanged"
        outcomes.append(
            BackupOutcome(name, status, version, running=text, unsaved=unsaved, voice_state=state)
        )
    return outcomes
