"""Secrets named in a plan (``<secret:NAME>``), resolved only at push time, only in memory.

A plan carries markers, never values. At push time each name resolves from the
environment, ``CITYNET_SECRET_<NAME in upper case>``, or else from the secrets file
named by ``CITYNET_SECRETS_FILE``: a YAML mapping ``name: value`` (strings), kept
outside the workspace and readable by its owner only (mode 0600 or 0400), e.g.::

    tacacs_key: "s3cret"
    snmp_auth: "another"

A value never leaves memory: :meth:`Secrets.fill` puts them into the lines sent to
a device, :meth:`Secrets.scrub` takes them back out of anything recorded or shown.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from citynet.errors import CitynetError

MARKER = re.compile(r"<secret:([A-Za-z0-9_.-]{1,64})>")
ENV_PREFIX = "CITYNET_SECRET_"
FILE_VARIABLE = "CITYNET_SECRETS_FILE"


class SecretsError(CitynetError):
    """A secret the plan names cannot be resolved, or the secrets file is unsafe."""


def names_in(lines: Iterable[str]) -> list[str]:
    """The secret names the lines mark, in order of first use.

    >>> names_in([" key <secret:tacacs_key>", "snmp-server community <secret:ro> RO"])
    ['tacacs_key', 'ro']
    """
    return list(dict.fromkeys(m.group(1) for line in lines for m in MARKER.finditer(line)))


def env_name(name: str) -> str:
    """The environment variable of one secret.

    >>> env_name("tacacs-key.v2")
    'CITYNET_SECRET_TACACS_KEY_V2'
    """
    return ENV_PREFIX + re.sub(r"[^A-Z0-9_]", "_", name.upper())


@dataclass(frozen=True)
class Secrets:
    """Resolved secret values, by name (never printed: see ``__repr__``)."""

    values: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Secrets({', '.join(sorted(self.values))})"

    def fill(self, lines: Iterable[str]) -> list[str]:
        """The lines with every marker replaced by its value (for the device only)."""
        return [MARKER.sub(lambda m: self.values[m.group(1)], line) for line in lines]

    def scrub(self, text: str) -> str:
        """``text`` with every value put back as its marker (longest values first)."""
        for name, value in sorted(self.values.items(), key=lambda i: -len(i[1])):
            if value:
                text = text.replace(value, f"<secret:{name}>")
        return text


def _read_file(path: Path, workspace: Path | None) -> dict[str, str]:
    import yaml

    where = f"{FILE_VARIABLE}={path}"
    try:
        info = path.stat()
    except OSError as exc:
        raise SecretsError(f"{where}: cannot read it ({exc.strerror}); check the path") from None
    resolved = path.resolve()
    if workspace is not None and resolved.is_relative_to(workspace.resolve()):
        raise SecretsError(
            f"{where}: the secrets file lies inside the workspace; move it out (the workspace "
            "is a git repository and secrets never go into one)"
        )
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretsError(
            f"{where}: the secrets file is readable by others (mode "
            f"{stat.S_IMODE(info.st_mode):04o}); run 'chmod 600 {path}'"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")[:1_000_000])
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise SecretsError(
            f"{path}{line}: not a YAML mapping of secret names to values; fix the file"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise SecretsError(
            f"{path}: must be a YAML mapping of secret names to quoted string values"
        )
    return dict(data)


def resolve(
    names: Iterable[str], env: Mapping[str, str], *, workspace: Path | None = None
) -> Secrets:
    """Resolve every name, from the environment first, then from the secrets file.

    Raises:
        SecretsError: a name resolves nowhere (all such names are listed), a value
            holds a line break, or the secrets file is unsafe or unreadable.
    """
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return Secrets()
    values: dict[str, str] = {}
    from_file: dict[str, str] | None = None
    for name in wanted:
        value = env.get(env_name(name))
        if value is None:
            if from_file is None:
                file = env.get(FILE_VARIABLE, "")
                from_file = _read_file(Path(file).expanduser(), workspace) if file else {}
            value = from_file.get(name)
        if value is not None:
            if "\n" in value or "\r" in value or not value:
                raise SecretsError(f"secret {name!r} is empty or holds a line break; fix it")
            values[name] = value
    missing = [n for n in wanted if n not in values]
    if missing:
        raise SecretsError(
            f"the plan needs secret(s) {', '.join(missing)}, which resolve nowhere: set "
            + ", ".join(env_name(n) for n in missing)
            + f" or name a secrets file in {FILE_VARIABLE} (see citynet/push/secrets.py)"
        )
    return Secrets(values)
