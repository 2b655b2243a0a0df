"""A content-hash cache of diff results.

The key is a hash of both texts, the platform and the engine version, so a
device whose running and golden configs have not changed costs one hash. The
cache is a plain mapping in memory; :func:`load` and :func:`save` keep it in
a JSON file (under ``state/``) between runs.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from citynet.diff.engine import ENGINE_VERSION, DiffResult, diff_configs


def cache_key(running: str, golden: str, platform: str = "cisco_ios") -> str:
    """The key of one comparison.

    >>> len(cache_key("hostname a", "hostname b"))
    64
    """
    digest = hashlib.blake2b(digest_size=32)
    for part in (ENGINE_VERSION, platform, running, golden):
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class DiffCache:
    """Diff results by content hash; :meth:`diff` computes only on a miss."""

    def __init__(self, entries: dict[str, dict[str, Any]] | None = None) -> None:
        self._entries: dict[str, dict[str, Any]] = dict(entries or {})
        self._results: dict[str, DiffResult] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries.keys() | self._results.keys())

    def diff(
        self,
        running: str,
        golden: str,
        *,
        platform: str = "cisco_ios",
        running_name: str = "running",
        golden_name: str = "golden",
    ) -> DiffResult:
        """The result of :func:`diff_configs`, from the cache when the texts are known."""
        key = cache_key(running, golden, platform)
        result = self._results.get(key)
        if result is None:
            stored = self._entries.get(key)
            if stored is not None:
                result = DiffResult.from_dict(stored)
                self._results[key] = result
        if result is not None:
            self.hits += 1
            return result
        self.misses += 1
        result = diff_configs(
            running,
            golden,
            platform=platform,
            running_name=running_name,
            golden_name=golden_name,
        )
        self._results[key] = result
        return result

    def to_dict(self) -> dict[str, dict[str, Any]]:
        """Every entry, JSON-ready."""
        entries = dict(self._entries)
        entries.update((key, result.to_dict()) for key, result in self._results.items())
        return entries


def load(path: Path) -> DiffCache:
    """A cache from a JSON file; an empty cache when the file is missing or unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DiffCache()
    if not isinstance(data, dict) or data.get("engine") != ENGINE_VERSION:
        return DiffCache()
    entries = data.get("entries")
    return DiffCache(entries if isinstance(entries, dict) else None)


def save(cache: DiffCache, path: Path) -> None:
    """Write a cache to a JSON file (atomically: a temporary file, then rename)."""
    from citynet.files import atomic_write

    atomic_write(path, json.dumps({"engine": ENGINE_VERSION, "entries": cache.to_dict()}))
