"""What a merge request changes in the settings that keep the tool safe.

The settings file and the change policy arrive by merge request like the
inventory does. ``citynet validate --base REF`` compares them with the merge
request's target branch and lists every safety-relevant change at the top of its
report, so that the reviewer sees a widened target range or a new approver before
anything else. The comparison is pure; reading the base version from git is the
one place that runs a command.
"""

from __future__ import annotations

import difflib
import subprocess
import tomllib
from pathlib import Path

from citynet.errors import CitynetError, SettingsError
from citynet.workspace import SETTINGS_FILE, Settings, parse_settings

POLICY_FILE = "inventory/change_policy.yaml"
"""The change policy: who may plan, approve, apply and roll back."""
WATCHED = (SETTINGS_FILE, POLICY_FILE)


def settings_changes(old: Settings | None, new: Settings) -> list[str]:
    """Safety-relevant differences between two settings, in words.

    >>> old = parse_settings({})
    >>> new = parse_settings({"safety": {"allowed_targets": ["127.0.0.0/8", "10.20.0.0/16"]}})
    >>> settings_changes(old, new)
    ['citynet.toml: allowed_targets adds 10.20.0.0/16: devices there can now be contacted']
    """
    old = old or Settings()
    found = []
    before, after = set(old.allowed_targets), set(new.allowed_targets)
    for net in sorted(after - before, key=str):
        found.append(
            f"{SETTINGS_FILE}: allowed_targets adds {net}: devices there can now be contacted"
        )
    for net in sorted(before - after, key=str):
        found.append(f"{SETTINGS_FILE}: allowed_targets drops {net}")
    if old.wide_targets_reason != new.wide_targets_reason:
        found.append(
            f"{SETTINGS_FILE}: wide_targets_reason is now {new.wide_targets_reason or 'unset'!r}"
        )
    if old.state_dir != new.state_dir:
        found.append(
            f"{SETTINGS_FILE}: state_dir moves from {old.state_dir!r} to {new.state_dir!r}"
        )
    if old.database_url != new.database_url:
        found.append(f"{SETTINGS_FILE}: the change store's database url changed")
    return found


def text_changes(name: str, old: str | None, new: str | None) -> list[str]:
    """A file's changed lines, for a file read as a whole (the change policy)."""
    if old == new:
        return []
    if old is None:
        return [f"{name}: added"]
    if new is None:
        return [f"{name}: removed"]
    lines = [
        line.rstrip("\n")
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    return [f"{name}: {line}" for line in lines]


def git_show(root: Path, ref: str, path: str) -> str | None:
    """A file as it is at ``ref`` (None when it does not exist there).

    Raises:
        CitynetError: git is missing, ``root`` is not a repository, or ``ref`` is unknown.
    """
    if ref.startswith("-"):
        raise CitynetError(f"--base {ref!r} is not a git revision")
    try:
        known = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise CitynetError(f"--base needs git, which cannot be run here ({exc.strerror})") from None
    if known.returncode != 0:
        raise CitynetError(
            f"--base {ref}: git knows no such revision in {root}; fetch the target branch first"
        )
    shown = subprocess.run(
        ["git", "-C", str(root), "show", f"{ref}:{path}"],
        capture_output=True,
        text=True,
        check=False,
    )
    return shown.stdout if shown.returncode == 0 else None


def safety_changes(root: Path, ref: str) -> list[str]:
    """Every safety-relevant change between ``ref`` and the workspace, in words."""
    found: list[str] = []
    old_settings_text = git_show(root, ref, SETTINGS_FILE)
    settings_path = root / SETTINGS_FILE
    new_settings_text = settings_path.read_text(encoding="utf-8") if settings_path.is_file() else ""
    if old_settings_text != new_settings_text:
        try:
            old = _settings(old_settings_text) if old_settings_text else None
            new = _settings(new_settings_text)
        except SettingsError as exc:
            found.append(f"{SETTINGS_FILE}: cannot be compared ({exc})")
        else:
            found.extend(settings_changes(old, new))
    policy = root / POLICY_FILE
    new_policy = policy.read_text(encoding="utf-8") if policy.is_file() else None
    found.extend(text_changes(POLICY_FILE, git_show(root, ref, POLICY_FILE), new_policy))
    return found


def _settings(text: str) -> Settings:
    try:
        return parse_settings(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"not valid TOML: {exc}") from None
