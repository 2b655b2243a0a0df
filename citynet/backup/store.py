"""Versioned backup history, one folder per device under the state directory.

``state/backups/<host>/<UTC time>_<sha256 prefix>.cfg``: a new version is kept
only when the content changed. Everything stored passes through the platform's
redaction rules first, so no secret ever reaches the disk.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from citynet.errors import CitynetError
from citynet.files import atomic_write
from citynet.ios.keyed import redact_keeping_markers
from citynet.ios.secrets import unnamed
from citynet.platforms import Platform

_NAME = re.compile(r"^(?P<time>\d{8}T\d{6}Z)_(?P<digest>[0-9a-f]{12})\.cfg$")
TIME_FORMAT = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Version:
    """One stored version of a device's running configuration."""

    host: str
    taken: datetime
    digest: str
    path: Path

    @property
    def label(self) -> str:
        return f"{self.taken.strftime('%Y-%m-%d %H:%M:%S')}Z {self.digest}"


def digest_of(text: str) -> str:
    """The content hash that names a version (first 12 hex digits of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class BackupStore:
    """The backup history of every device."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def history(self, host: str) -> list[Version]:
        """Every version of ``host``, oldest first."""
        folder = self.root / host
        if not folder.is_dir():
            return []
        versions = []
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match:
                taken = datetime.strptime(match["time"], TIME_FORMAT).replace(tzinfo=UTC)
                versions.append(Version(host, taken, match["digest"], path))
        return sorted(versions, key=lambda v: (v.taken, v.path.stat().st_mtime_ns))

    def latest(self, host: str) -> Version | None:
        versions = self.history(host)
        return versions[-1] if versions else None

    def read(self, version: Version) -> str:
        """A stored version's text, redacted again as it is read.

        Versions are redacted when saved; reading through the rules again keeps a
        file written before a rule existed, or edited on disk, from showing a secret.
        Keyed hash markers (``<hmac:...>``) are not secrets and stay as they are.
        """
        try:
            text = version.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror
            raise CitynetError(
                f"backup {version.label} of {version.host} is unreadable ({reason}); "
                f"take a new one with 'citynet backup --host {version.host}'"
            ) from None
        if "\x00" in text:
            raise CitynetError(
                f"backup {version.label} of {version.host} is corrupt (binary data); "
                f"take a new one with 'citynet backup --host {version.host}'"
            )
        return redact_keeping_markers(text)

    def save(
        self, host: str, text: str, platform: Platform, now: datetime | None = None
    ) -> tuple[Version, bool]:
        """Store a running config (redacted here); returns its version and whether it is new.

        Values already replaced by keyed hash markers (``<hmac:...>``) are kept as markers.
        A named secret marker (only a simulated device started from a golden config
        shows one) is stored as ``<redacted>``, as a device's own secret is.
        """
        clean = unnamed(redact_keeping_markers(text, platform))
        digest = digest_of(clean)
        latest = self.latest(host)
        if latest is not None and latest.digest == digest:
            return latest, False
        when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        path = self.root / host / f"{when.strftime(TIME_FORMAT)}_{digest}.cfg"
        atomic_write(path, clean, within=self.root)
        return Version(host, when, digest, path), True

    def resolve(self, host: str, ref: str) -> Version:
        """A version by index (``1`` oldest, ``-1`` latest) or by a prefix of its hash.

        Raises:
            CitynetError: no such version, with the versions there are.
        """
        versions = self.history(host)
        if not versions:
            raise CitynetError(f"no backup of {host!r} yet; run 'citynet backup --host {host}'")
        if re.fullmatch(r"-?\d{1,6}", ref):
            index = int(ref)
            if 1 <= index <= len(versions):
                return versions[index - 1]
            if -len(versions) <= index <= -1:
                return versions[index]
        matches = [v for v in versions if v.digest.startswith(ref.lower())] if len(ref) >= 4 else []
        if len(matches) == 1:
            return matches[0]
        raise CitynetError(
            f"{host!r} has no version {ref!r} ({len(versions)} versions: 1..{len(versions)}, "
            f"-1 for the latest, or a hash prefix of 4+ digits; see 'citynet backup history "
            f"{host}')"
        )
