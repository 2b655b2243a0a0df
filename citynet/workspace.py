"""The network-as-code workspace: where it is and its settings.

The workspace is the folder holding ``inventory/``, ``templates/`` and
``golden_configs/``. Its settings live in one file at its root,
``citynet.toml``::

    [safety]
    allowed_targets = ["127.0.0.0/8"]
    # wide_targets_reason = "..."   # needed for a range wider than /8 (IPv6: /32)

    [paths]
    state_dir = "state"

    [database]
    url = ""            # default: SQLite under the state directory
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.errors import SettingsError, WorkspaceError

SETTINGS_FILE = "citynet.toml"
DEFAULT_ALLOWED_TARGETS = ("127.0.0.0/8",)
WIDEST_PREFIX = {4: 8, 6: 32}
"""The widest allowed target range without a stated reason, per IP version."""
_KNOWN = {
    "safety": {"allowed_targets", "wide_targets_reason"},
    "paths": {"state_dir"},
    "database": {"url"},
}

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Settings:
    """Workspace settings, with their defaults."""

    allowed_targets: tuple[IPNetwork, ...] = field(
        default_factory=lambda: tuple(ipaddress.ip_network(n) for n in DEFAULT_ALLOWED_TARGETS)
    )
    state_dir: str = "state"
    database_url: str = ""
    wide_targets_reason: str = ""


@dataclass(frozen=True)
class Workspace:
    """A located workspace and its settings."""

    root: Path
    settings: Settings

    @property
    def inventory_dir(self) -> Path:
        return self.root / "inventory"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def golden_dir(self) -> Path:
        return self.root / "golden_configs"

    @property
    def state_dir(self) -> Path:
        """The state directory: absolute as given, or inside the workspace."""
        path = Path(self.settings.state_dir)
        return path if path.is_absolute() else self.root / path

    def database_url(self, env: Mapping[str, str] | None = None) -> str:
        """``CITYNET_DB_URL``, else the settings file, else SQLite in the state dir."""
        if env and env.get("CITYNET_DB_URL"):
            return env["CITYNET_DB_URL"]
        if self.settings.database_url:
            return self.settings.database_url
        return f"sqlite:///{self.state_dir / 'citynet.db'}"


def is_workspace(path: Path, *, explicit: bool = False) -> bool:
    """A folder is a workspace when it has a settings file or an inventory/hosts.yaml.

    A folder named explicitly (``--root``) only needs an inventory/ folder, so that
    a broken inventory there is reported file by file.
    """
    if (path / SETTINGS_FILE).is_file() or (path / "inventory" / "hosts.yaml").is_file():
        return True
    return explicit and (path / "inventory").is_dir()


def find_workspace(start: Path, *, explicit: bool = False) -> Workspace:
    """Find the workspace at ``start`` or, unless ``explicit``, in a parent of it.

    Raises:
        WorkspaceError: no workspace there, with what to do about it.
    """
    start = start.resolve()
    candidates = [start] if explicit else [start, *start.parents]
    for candidate in candidates:
        if is_workspace(candidate, explicit=explicit):
            return Workspace(candidate, load_settings(candidate / SETTINGS_FILE))
    where = f"at {start}" if explicit else f"in {start} or any folder above it"
    raise WorkspaceError(
        f"no citynet workspace {where} (a folder with {SETTINGS_FILE} or inventory/hosts.yaml); "
        "run from inside the workspace or pass --root DIR"
    )


def load_settings(path: Path) -> Settings:
    """Read ``citynet.toml``; a missing file gives the defaults.

    Raises:
        SettingsError: the file is not valid TOML or holds unknown or bad values.
    """
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    return parse_settings(data, source=str(path))


def parse_settings(data: Mapping[str, Any], *, source: str = SETTINGS_FILE) -> Settings:
    """Build :class:`Settings` from parsed TOML, rejecting unknown keys.

    >>> settings = parse_settings({"safety": {"allowed_targets": ["127.0.0.0/8", "10.0.0.0/8"]}})
    >>> settings.allowed_targets[1]
    IPv4Network('10.0.0.0/8')
    """
    for section, value in data.items():
        if section not in _KNOWN or not isinstance(value, Mapping):
            raise SettingsError(
                f"{source}: unknown section [{section}]; known: {', '.join(sorted(_KNOWN))}"
            )
        unknown = set(value) - _KNOWN[section]
        if unknown:
            raise SettingsError(
                f"{source}: unknown key(s) {', '.join(sorted(unknown))} in [{section}]; "
                f"known: {', '.join(sorted(_KNOWN[section]))}"
            )
    safety = data.get("safety", {})
    raw_targets = safety.get("allowed_targets", list(DEFAULT_ALLOWED_TARGETS))
    if not isinstance(raw_targets, list) or not raw_targets:
        raise SettingsError(f"{source}: [safety] allowed_targets must be a non-empty list")
    targets = []
    for raw in raw_targets:
        try:
            targets.append(ipaddress.ip_network(str(raw), strict=True))
        except ValueError as exc:
            raise SettingsError(
                f"{source}: [safety] allowed_targets: {raw!r} is not a network ({exc}); "
                'write it as "127.0.0.0/8"'
            ) from None
    reason = safety.get("wide_targets_reason", "")
    if not isinstance(reason, str):
        raise SettingsError(f"{source}: [safety] wide_targets_reason must be a string")
    wide = [n for n in targets if n.prefixlen < WIDEST_PREFIX[n.version]]
    if wide and not reason.strip():
        names = ", ".join(str(n) for n in wide)
        raise SettingsError(
            f"{source}: [safety] allowed_targets: {names} is wider than /"
            f"{WIDEST_PREFIX[wide[0].version]}"
            + (" (a default route: every address)" if any(n.prefixlen == 0 for n in wide) else "")
            + "; list the management ranges themselves, or state why with "
            'wide_targets_reason = "..." in [safety]'
        )
    state_dir = data.get("paths", {}).get("state_dir", "state")
    url = data.get("database", {}).get("url", "")
    if not isinstance(state_dir, str) or not isinstance(url, str):
        raise SettingsError(f"{source}: [paths] state_dir and [database] url must be strings")
    _check_relative_path(state_dir, "[paths] state_dir", source)
    return Settings(
        allowed_targets=tuple(targets),
        state_dir=state_dir,
        database_url=url,
        wide_targets_reason=reason.strip(),
    )


def _check_relative_path(value: str, name: str, source: str) -> None:
    """A relative path in the settings must stay inside the workspace.

    >>> _check_relative_path("state/cache", "[paths] state_dir", "citynet.toml") is None
    True
    """
    path = Path(value)
    if not value.strip() or any(c in value for c in "\x00\n\r"):
        raise SettingsError(f"{source}: {name} must be a folder name")
    if not path.is_absolute() and ".." in path.parts:
        raise SettingsError(
            f"{source}: {name} = {value!r} leads out of the workspace; use a folder inside "
            "it, or an absolute path if it must be elsewhere"
        )


def target_allowed(address: str, settings: Settings) -> bool:
    """Whether a connection to ``address`` is inside the allowed target ranges.

    >>> target_allowed("127.10.1.1", Settings())
    True
    >>> target_allowed("10.1.1.1", Settings())
    False
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in settings.allowed_targets)
