"""Backup store and the missing-credentials error, without devices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from citynet.backup.store import BackupStore
from citynet.errors import CitynetError
from citynet.platforms import Platform
from tests.support import FIXTURES, PROJECT, CliRunner

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def test_versions_only_on_change_and_redacted(tmp_path: Path) -> None:
    store = BackupStore(tmp_path)
    canaries = (FIXTURES / "redact" / "canaries.cfg").read_text()
    first, new = store.save("r1", canaries, Platform.CISCO_IOSXE, T0)
    assert new and "Canary" not in store.read(first)
    again, new = store.save("r1", canaries, Platform.CISCO_IOSXE, T0 + timedelta(hours=1))
    assert not new and again == first
    second, new = store.save(
        "r1", canaries + "ntp server 10.0.0.1\n", Platform.CISCO_IOSXE, T0 + timedelta(hours=2)
    )
    assert new
    assert [v.digest for v in store.history("r1")] == [first.digest, second.digest]
    assert store.resolve("r1", "1") == first
    assert store.resolve("r1", "-1") == second
    assert store.resolve("r1", second.digest[:6]) == second
    with pytest.raises(CitynetError, match="2 versions"):
        store.resolve("r1", "7")
    with pytest.raises(CitynetError, match="no backup of 'r2' yet"):
        store.resolve("r2", "-1")
    assert [p.suffix for p in (tmp_path / "r1").iterdir()] == [".cfg", ".cfg"]


def test_missing_credentials_are_a_clear_error(cli: CliRunner) -> None:
    result = cli("backup", "--host", "fs01-rtr01", env={}, cwd=PROJECT)
    assert result.code == 1
    assert result.err == (
        "error: no device username: set CITYNET_USERNAME in the environment "
        "(credentials are never kept in the inventory)\n"
    )
