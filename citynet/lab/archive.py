"""The IOS configuration archive: saved copies, contextual diffs and the rollback timer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from citynet.lab.config_engine import ConfigNode, find_hostname

ARCHIVE_MAXIMUM = 10


@dataclass
class RollbackTimer:
    """A pending ``revert timer``: the configuration to restore and who asked."""

    restore_text: str
    minutes: int
    user: str
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    kind: str = "Rollback timer"


@dataclass
class ArchiveState:
    """Archived configuration files and a pending rollback, per device."""

    files: list[str] = field(default_factory=list)
    counter: int = 0
    pending: RollbackTimer | None = None


def archive_settings(root: ConfigNode) -> dict[str, str] | None:
    """The ``archive`` section as a dict (``path``, ``maximum`` ...), or None if absent."""
    section = next((c for c in root.children if c.text == "archive"), None)
    if section is None:
        return None
    settings: dict[str, str] = {}
    for child in section.children:
        words = child.words
        if words:
            settings[words[0]] = " ".join(words[1:])
    return settings


def next_archive_name(root: ConfigNode, state: ArchiveState) -> str | None:
    """The name the next archive file gets, or None without an archive ``path``."""
    settings = archive_settings(root)
    if not settings or not settings.get("path"):
        return None
    stamp = datetime.now(UTC).strftime("%b-%d-%H-%M-%S.%f")[:-3]
    path = settings["path"].replace("$h", find_hostname(root)).replace("$t", stamp)
    return f"{path}-{state.counter + 1}"


def show_archive(root: ConfigNode, state: ArchiveState) -> str:
    """``show archive`` output."""
    settings = archive_settings(root)
    if settings is None or not settings.get("path"):
        return "Archive feature not enabled"
    maximum = int(settings.get("maximum", str(ARCHIVE_MAXIMUM)) or ARCHIVE_MAXIMUM)
    lines = [
        f"The maximum archive configurations allowed is {maximum}.",
        f"The next archive file will be named {next_archive_name(root, state)}",
        " Archive #  Name",
    ]
    recent = state.files[-maximum:]
    for index in range(1, maximum + 1):
        name = recent[index - 1] if index <= len(recent) else ""
        marker = " <- Most Recent" if name and index == len(recent) else ""
        lines.append(f"   {index:<8} {name}{marker}".rstrip())
    return "\n".join(lines)


def show_rollback_timer(state: ArchiveState, seconds_per_minute: float) -> str:
    """``show archive config rollback timer`` output."""
    pending = state.pending
    if pending is None:
        return "%No Rollback Confirmed Change pending"
    elapsed = (datetime.now(UTC) - pending.started).total_seconds() / seconds_per_minute
    left = max(0, int(pending.minutes - elapsed))
    stamp = pending.started.strftime("%H:%M:%S UTC %a %b %d %Y")
    return "\n".join(
        [
            f"Time configured(or Reset) : {stamp}",
            f"Timer type: {pending.kind}",
            f"Timer value: {pending.minutes} min",
            f"Time remaining: {left} min",
            f"User: {pending.user}",
        ]
    )


def _entries(node: ConfigNode, fold: bool) -> dict[str, ConfigNode]:
    out: dict[str, ConfigNode] = {}
    for child in node.children:
        text = child.display()
        out[text.lower() if fold else text] = child
    return out


def _collect(
    old: ConfigNode, new: ConfigNode, depth: int, sign: str, fold: bool, out: list[str]
) -> None:
    """Lines of ``new`` missing from ``old``, with parent lines for context."""
    old_entries = _entries(old, fold)
    pad = " " * depth
    for key, child in _entries(new, fold).items():
        match = old_entries.get(key)
        if match is None:
            lines = child.display().split("\n")
            out.append(f"{pad}{sign}{lines[0]}")
            out.extend(lines[1:])
            for sub in _flatten(child, depth + 1):
                out.append(f"{sub[0]}{sign}{sub[1]}")
            continue
        inner: list[str] = []
        _collect(match, child, depth + 1, sign, fold, inner)
        if inner:
            out.append(f"{pad}{child.display()}")
            out.extend(inner)


def _flatten(node: ConfigNode, depth: int) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for child in node.children:
        items.append((" " * depth, child.display()))
        items.extend(_flatten(child, depth + 1))
    return items


def contextual_diff(base: ConfigNode, new: ConfigNode, *, fold: bool = False) -> str:
    """``show archive config differences`` output between two configurations."""
    added: list[str] = []
    removed: list[str] = []
    _collect(base, new, 0, "+", fold, added)
    _collect(new, base, 0, "-", fold, removed)
    if not added and not removed:
        return "!No changes were found"
    return "\n".join(["!Contextual Config Diffs:", *added, *removed])


def incremental_diff(running: ConfigNode, merge: ConfigNode, *, fold: bool = True) -> str:
    """``show archive config incremental-diffs`` output: the commands ``merge`` would add."""
    lines: list[str] = []
    _collect(running, merge, 0, "", fold, lines)
    if not lines:
        return "!List of Commands:\nend\n!No changes were found"
    return "\n".join(["!List of Commands:", *lines, "end"])
