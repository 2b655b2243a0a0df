from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from citynet.errors import SettingsError, WorkspaceError
from citynet.workspace import Settings, find_workspace, load_settings, target_allowed
from tests.support import PROJECT


def test_the_project_is_a_workspace() -> None:
    workspace = find_workspace(PROJECT / "citynet" / "inventory")
    assert workspace.root == PROJECT
    assert workspace.settings.allowed_targets == (ipaddress.ip_network("127.0.0.0/8"),)
    assert workspace.state_dir == PROJECT / "state"
    assert workspace.database_url({}) == f"sqlite:///{PROJECT / 'state' / 'citynet.db'}"
    assert workspace.database_url({"CITYNET_DB_URL": "postgresql://x/y"}) == "postgresql://x/y"


def test_explicit_root_does_not_search_upward(tmp_path: Path) -> None:
    (tmp_path / "inventory").mkdir()
    (tmp_path / "inventory" / "hosts.yaml").write_text("{}\n")
    (tmp_path / "sub").mkdir()
    assert find_workspace(tmp_path / "sub").root == tmp_path
    with pytest.raises(WorkspaceError, match="no citynet workspace at"):
        find_workspace(tmp_path / "sub", explicit=True)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[safety\n", "not valid TOML"),
        ("[safty]\n", r"unknown section \[safty\]"),
        ("[safety]\nallowed = []\n", "unknown key"),
        ('[safety]\nallowed_targets = ["10.0.0.1/8"]\n', "is not a network"),
        ("[safety]\nallowed_targets = []\n", "non-empty list"),
        ("[paths]\nstate_dir = 3\n", "must be strings"),
        ('[safety]\nallowed_targets = ["0.0.0.0/0"]\n', r"wider than /8 \(a default route"),
        ('[safety]\nallowed_targets = ["127.0.0.0/8", "10.0.0.0/7"]\n', "wider than /8"),
        ('[safety]\nallowed_targets = ["::/0"]\n', "wider than /32"),
        ('[safety]\nallowed_targets = ["0.0.0.0/0"]\nwide_targets_reason = " "\n', "wider"),
        ('[paths]\nstate_dir = "../escape"\n', "leads out of the workspace"),
        ('[paths]\nstate_dir = "state/../../x"\n', "leads out of the workspace"),
        ('[paths]\nstate_dir = ""\n', "must be a folder name"),
    ],
)
def test_bad_settings(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "citynet.toml"
    path.write_text(text)
    with pytest.raises(SettingsError, match=message):
        load_settings(path)


def test_settings_widen_targets(tmp_path: Path) -> None:
    path = tmp_path / "citynet.toml"
    path.write_text(
        '[safety]\nallowed_targets = ["127.0.0.0/8", "10.20.0.0/16"]\n'
        '[paths]\nstate_dir = "/var/lib/citynet"\n'
    )
    settings = load_settings(path)
    assert target_allowed("10.20.3.4", settings)
    assert not target_allowed("10.21.3.4", settings)
    assert not target_allowed("not-an-ip", settings)


def test_a_wide_range_needs_a_stated_reason(tmp_path: Path) -> None:
    path = tmp_path / "citynet.toml"
    path.write_text(
        '[safety]\nallowed_targets = ["10.0.0.0/7"]\n'
        'wide_targets_reason = "the City core spans 10/7 (CHG-1234)"\n'
    )
    settings = load_settings(path)
    assert target_allowed("11.1.2.3", settings)
    assert settings.wide_targets_reason.startswith("the City core")


def test_default_allows_only_loopback() -> None:
    assert target_allowed("127.10.1.1", Settings())
    assert not target_allowed("192.0.2.1", Settings())
    assert not target_allowed("::1", Settings())
