"""The simulated ``flash:`` file system: a dict of files with IOS ``dir`` output."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

FLASH_TOTAL = 7_835_619_328
_ALIASES = ("flash:", "bootflash:")


@dataclass
class FlashFile:
    """One file: its bytes and when it was last written."""

    data: bytes
    mtime: datetime = field(default_factory=lambda: datetime.now(UTC))


def split_url(url: str) -> tuple[str, str]:
    """Split an IOS URL into (file system, path) — ``flash:/a.txt`` -> (``flash:``, ``a.txt``).

    >>> split_url("flash:/candidate_config.txt")
    ('flash:', 'candidate_config.txt')
    >>> split_url("running-config")
    ('', 'running-config')
    """
    if ":" not in url:
        return "", url
    fs, _, path = url.partition(":")
    return fs.lower() + ":", path.lstrip("/")


class Flash:
    """A flat ``flash:`` file system."""

    def __init__(self, name: str = "flash:", files: dict[str, FlashFile] | None = None) -> None:
        """Create a file system called ``name`` (``flash:`` or ``bootflash:``)."""
        self.name = name
        self.files: dict[str, FlashFile] = dict(files or {})

    def owns(self, fs: str) -> bool:
        """Whether a file-system prefix names this file system."""
        return fs == self.name or fs in _ALIASES

    def read(self, path: str) -> bytes | None:
        """The file's bytes, or None if it does not exist."""
        entry = self.files.get(path)
        return entry.data if entry else None

    def write(self, path: str, data: bytes) -> None:
        """Create or overwrite a file."""
        self.files[path] = FlashFile(data)

    def delete(self, path: str) -> bool:
        """Remove a file; False if it did not exist."""
        return self.files.pop(path, None) is not None

    def used(self) -> int:
        """Bytes used by all files."""
        return sum(len(f.data) for f in self.files.values())

    def md5(self, path: str) -> str | None:
        """The MD5 of a file as ``verify /md5`` prints it."""
        data = self.read(path)
        return None if data is None else hashlib.md5(data, usedforsecurity=False).hexdigest()

    def _line(self, index: int, path: str, entry: FlashFile) -> str:
        stamp = entry.mtime.strftime("%b %d %Y %H:%M:%S") + " +00:00"
        return f"{index:>5}  -rw-{len(entry.data):>14}  {stamp}  {path}"

    def dir_listing(self, path: str = "") -> str | None:
        """``dir`` output for the whole file system or one file; None if the file is missing."""
        footer = f"{FLASH_TOTAL} bytes total ({FLASH_TOTAL - self.used()} bytes free)"
        names = sorted(self.files)
        if path:
            if path not in self.files:
                return None
            index = names.index(path) + 1
            header = f"Directory of {self.name}/{path}"
            body = [self._line(index, path, self.files[path])]
        else:
            header = f"Directory of {self.name}/"
            body = [self._line(i, n, self.files[n]) for i, n in enumerate(names, start=1)]
            if not body:
                body = ["No files in directory"]
        return "\n".join([header, "", *body, "", footer])

    def to_json(self) -> dict[str, dict[str, str]]:
        """A JSON-ready form of the file system."""
        return {
            name: {
                "data": base64.b64encode(entry.data).decode("ascii"),
                "mtime": entry.mtime.isoformat(),
            }
            for name, entry in self.files.items()
        }

    @classmethod
    def from_json(cls, name: str, data: dict[str, dict[str, str]]) -> Flash:
        """Rebuild a file system saved with :meth:`to_json`."""
        files = {
            path: FlashFile(base64.b64decode(item["data"]), datetime.fromisoformat(item["mtime"]))
            for path, item in data.items()
        }
        return cls(name, files)
