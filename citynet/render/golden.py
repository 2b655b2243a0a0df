"""Golden configs: compare rendered configurations with golden_configs/, and update it.

``compare`` is pure; reading and writing the folder are separate functions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from citynet.errors import RenderError
from citynet.inventory.names import NameKind, is_valid
from citynet.inventory.text import shown


class Status(StrEnum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    NEW = "new"
    """Rendered, but golden_configs/ has no file for it yet."""
    ORPHANED = "orphaned"
    """A golden config whose device is no longer in the inventory."""
    ERROR = "error"
    """The device could not be rendered."""


@dataclass(frozen=True)
class GoldenDiff:
    host: str
    status: Status
    diff: str = ""
    added: int = 0
    removed: int = 0

    @property
    def differs(self) -> bool:
        return self.status in (Status.CHANGED, Status.NEW, Status.ORPHANED)


def golden_path(golden_dir: Path, host: str) -> Path:
    """``golden_configs/<host>.cfg``; a name that is not a valid host name is refused, so
    no name can point outside the folder.

    >>> golden_path(Path("golden_configs"), "dc1-rtr01").as_posix()
    'golden_configs/dc1-rtr01.cfg'
    >>> golden_path(Path("golden_configs"), "../x")
    Traceback (most recent call last):
    citynet.errors.RenderError: refusing '../x' as a golden config name: it is not a valid host name
    """
    if not is_valid(NameKind.HOST, host):
        raise RenderError(
            f"refusing {shown(host)} as a golden config name: it is not a valid host name"
        )
    return golden_dir / f"{host}.cfg"


def compare_one(host: str, rendered: str | None, golden: str | None) -> GoldenDiff:
    """How ``rendered`` differs from the approved ``golden`` text.

    >>> compare_one("a", "hostname a\\n", "hostname a\\n").status
    <Status.UNCHANGED: 'unchanged'>
    >>> print(compare_one("a", "hostname b\\n", "hostname a\\n").diff, end="")
    --- golden_configs/a.cfg
    +++ rendered/a.cfg
    @@ -1 +1 @@
    -hostname a
    +hostname b
    """
    if rendered is None:
        return GoldenDiff(host, Status.ERROR)
    if golden == rendered:
        return GoldenDiff(host, Status.UNCHANGED)
    # Shown through the redaction: a secret written in clear never reaches a report.
    from citynet.ios.redact import redact_config

    before = redact_config(golden or "").splitlines(keepends=True)
    after = redact_config(rendered).splitlines(keepends=True)
    lines = list(
        difflib.unified_diff(
            before,
            after,
            fromfile=f"golden_configs/{host}.cfg" if golden is not None else "/dev/null",
            tofile=f"rendered/{host}.cfg",
            n=3,
        )
    )
    added = sum(1 for x in lines if x.startswith("+") and not x.startswith("+++"))
    removed = sum(1 for x in lines if x.startswith("-") and not x.startswith("---"))
    text = "".join(x if x.endswith("\n") else x + "\n" for x in lines)
    if not lines:
        text = f"golden_configs/{host}.cfg and rendered/{host}.cfg differ in secret values only\n"
    status = Status.NEW if golden is None else Status.CHANGED
    return GoldenDiff(host, status, text, added, removed)


def compare(
    rendered: Mapping[str, str | None],
    golden: Mapping[str, str | None],
    orphans: Iterable[str] = (),
) -> list[GoldenDiff]:
    """Compare every rendered host with its golden text; orphans are golden-only hosts."""
    result = [compare_one(h, text, golden.get(h)) for h, text in rendered.items()]
    result += [
        GoldenDiff(h, Status.ORPHANED, removed=len((golden.get(h) or "").splitlines()))
        for h in sorted(orphans)
    ]
    return result


def read_golden(golden_dir: Path, hosts: Iterable[str]) -> dict[str, str | None]:
    """The golden text of each host (None when it has no file).

    A file that is not UTF-8 text is read with the bad bytes marked as NUL, so
    the diff engine refuses it for that host alone (binary data, with its line).
    """
    result: dict[str, str | None] = {}
    for host in hosts:
        path = golden_path(golden_dir, host)
        if not path.is_file():
            result[host] = None
            continue
        data = path.read_bytes()
        try:
            result[host] = data.decode("utf-8")
        except UnicodeDecodeError:
            result[host] = data.decode("utf-8", errors="replace").replace("\ufffd", "\x00")
    return result


def orphaned(golden_dir: Path, known_hosts: Iterable[str]) -> list[str]:
    """Golden files whose device is not in the inventory (files not named for a host are not
    device configurations and are left alone)."""
    known = set(known_hosts)
    if not golden_dir.is_dir():
        return []
    return sorted(
        p.stem
        for p in golden_dir.glob("*.cfg")
        if p.stem not in known and is_valid(NameKind.HOST, p.stem)
    )


def write_golden(golden_dir: Path, rendered: Mapping[str, str]) -> list[str]:
    """Write changed golden files; return the hosts written.

    Each file is replaced atomically (a reader sees the old or the new config,
    never a part of one) and never through a link leading out of ``golden_dir``.
    """
    from citynet.files import atomic_write

    paths = {host: golden_path(golden_dir, host) for host in rendered}  # every name first
    golden_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for host, text in rendered.items():
        path = paths[host]
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text, within=golden_dir)
            written.append(host)
    return written
