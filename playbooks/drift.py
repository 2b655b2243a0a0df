"""Drift of every selected device from its golden config, live or from the latest backup."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from citynet.backup.store import BackupStore
from citynet.compliance.fleet import FleetBaseline
from citynet.diff.assess import DeviceDrift, assess
from citynet.errors import CitynetError
from citynet.inventory.model import HostView
from citynet.render.golden import read_golden
from citynet.voice.lint import lint_voice, site_options
from playbooks.backup import backup


def drift_from_texts(
    views: Iterable[HostView],
    golden_dir: Path,
    running: dict[str, tuple[str | None, str]],
    source: dict[str, str],
    baseline: FleetBaseline | None = None,
) -> list[DeviceDrift]:
    """Drift of each host from its running text (None with an error when it has none),
    with the security baseline on that text when ``baseline`` is given."""
    views = list(views)
    golden = read_golden(golden_dir, [v.name for v in views])
    result = []
    for view in views:
        assert view.platform is not None
        text, error = running.get(view.name, (None, "not collected"))
        drift = assess(
            view.name,
            view.site,
            str(view.role),
            view.platform,
            text,
            golden[view.name],
            source=source.get(view.name, "live"),
            error=error,
            management_address=view.data.get("mgmt_ip"),
            model=view.model or None,
        )
        if baseline is not None and text is not None:
            drift.baseline = baseline.check(view, text)
        if text is not None and "dial-peer voice " in text:
            drift.dial_plan = lint_voice(
                text, host=view.name, file=f"{view.name} running", **site_options(view)
            )
        result.append(drift)
    return result


def drift_offline(
    views: Iterable[HostView],
    golden_dir: Path,
    store: BackupStore,
    baseline: FleetBaseline | None = None,
) -> list[DeviceDrift]:
    """Drift against each host's latest backup."""
    views = list(views)
    running: dict[str, tuple[str | None, str]] = {}
    source: dict[str, str] = {}
    for view in views:
        latest = store.latest(view.name)
        if latest is None:
            running[view.name] = (None, f"no backup yet; run 'citynet backup --host {view.name}'")
            source[view.name] = "backup"
        else:
            source[view.name] = f"backup {latest.label}"
            try:
                running[view.name] = (store.read(latest), "")
            except CitynetError as exc:  # one corrupt file fails that device only
                running[view.name] = (None, str(exc))
    return drift_from_texts(views, golden_dir, running, source, baseline)


def drift_live(
    nornir: Any,
    views: Iterable[HostView],
    golden_dir: Path,
    store: BackupStore,
    baseline: FleetBaseline | None = None,
    **backup_options: Any,
) -> list[DeviceDrift]:
    """Collect (and keep as backups), then compare; a voice gateway's voice state is read on
    the same session and what is wrong in it goes into its drift (``voice_state``)."""
    from citynet.state import voice_health

    outcomes = {o.host: o for o in backup(nornir, store, voice_state=True, **backup_options)}
    running = {name: (o.running, o.error) for name, o in outcomes.items()}
    drifts = drift_from_texts(views, golden_dir, running, {}, baseline)
    for drift in drifts:  # changes a reload would lose
        outcome = outcomes.get(drift.host)
        drift.unsaved = outcome.unsaved if outcome is not None else None
        if outcome is not None and outcome.voice_state is not None:
            drift.voice_state = [p.to_dict() for p in voice_health(outcome.voice_state)]
    return drifts
