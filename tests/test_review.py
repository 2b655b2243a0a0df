"""``validate --base REF`` lists changes to the safety settings and the policy first."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from citynet.errors import CitynetError
from citynet.review import safety_changes
from tests.backup.conftest import make_workspace
from tests.support import CliRunner


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.invalid",
         *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = make_workspace(tmp_path)
    (root / "inventory" / "change_policy.yaml").unlink(missing_ok=True)  # added below
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    settings = root / "citynet.toml"
    settings.write_text(
        settings.read_text().replace(
            'allowed_targets = ["127.0.0.0/8"]',
            'allowed_targets = ["127.0.0.0/8", "10.20.0.0/16"]',
        )
    )
    (root / "inventory" / "change_policy.yaml").write_text("people:\n- name: mallory\n")
    return root


def test_the_changes_in_words(repo: Path) -> None:
    assert safety_changes(repo, "main") == [
        "citynet.toml: allowed_targets adds 10.20.0.0/16: devices there can now be contacted",
        "inventory/change_policy.yaml: added",
    ]
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "next")
    assert safety_changes(repo, "main") == []
    (repo / "inventory" / "change_policy.yaml").write_text("people:\n- name: trent\n")
    assert safety_changes(repo, "HEAD~1") == [
        "citynet.toml: allowed_targets adds 10.20.0.0/16: devices there can now be contacted",
        "inventory/change_policy.yaml: added",
    ]
    assert safety_changes(repo, "HEAD") == [
        "inventory/change_policy.yaml: -- name: mallory",
        "inventory/change_policy.yaml: +- name: trent",
    ]


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_validate_shows_them_first(repo: Path, cli: CliRunner, fmt: str) -> None:
    result = cli("validate", "--base", "main", "--format", fmt, cwd=repo)
    assert result.code == 0, result.err
    if fmt == "json":
        assert json.loads(result.out)["safety_changes"][0].startswith("citynet.toml: allowed")
    else:
        first = result.out.find("allowed_targets adds 10.20.0.0/16")
        assert 0 <= first < result.out.find("render")


def test_an_unknown_base_is_one_line(repo: Path, cli: CliRunner) -> None:
    result = cli("validate", "--base", "no-such-branch", cwd=repo)
    assert result.code == 1
    assert result.err == (
        f"error: --base no-such-branch: git knows no such revision in {repo}; "
        "fetch the target branch first\n"
    )
    with pytest.raises(CitynetError, match="not a git revision"):
        safety_changes(repo, "--output=/tmp/x")
