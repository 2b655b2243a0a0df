"""Taking snapshots: send the features' show commands, parse the answers (in a pool)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

from citynet.state.features import FEATURES
from citynet.state.model import Items, RawSnapshot, Snapshot
from citynet.state.parse import StateParseError, parse_command


def _known(features: Iterable[str]) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(features))
    unknown = [n for n in names if n not in FEATURES]
    if unknown:
        raise ValueError(
            f"unknown state feature(s) {', '.join(unknown)}; known: {', '.join(FEATURES)}"
        )
    return names


def commands_for(features: Iterable[str]) -> tuple[str, ...]:
    """The show commands the ``features`` need, each once, in feature order.

    >>> commands_for(["isdn", "interfaces"])
    ('show isdn status', 'show ip interface brief')
    """
    seen: dict[str, None] = {}
    for name in _known(features):
        for command in FEATURES[name].commands:
            seen.setdefault(command.command, None)
    return tuple(seen)


def collect(
    send: Callable[[str], str], platform: str, features: Iterable[str], host: str = ""
) -> RawSnapshot:
    """Run the features' show commands through ``send``; nothing is parsed yet."""
    names = _known(features)
    outputs = {command: send(command) for command in commands_for(names)}
    return RawSnapshot(platform=platform, features=names, outputs=outputs, host=host)


def parse_snapshot(raw: RawSnapshot) -> Snapshot:
    """Parse one device's outputs; a feature whose output cannot be read becomes an error."""
    features: dict[str, Items] = {}
    errors: dict[str, str] = {}
    for name in _known(raw.features):
        items: dict[str, dict[str, str]] = {}
        try:
            for command in FEATURES[name].commands:
                if command.command not in raw.outputs:
                    raise StateParseError(f"{command.command!r} was not collected")
                items.update(parse_command(command, raw.platform, raw.outputs[command.command]))
        except StateParseError as exc:
            errors[name] = str(exc)
            continue
        features[name] = items
    return Snapshot(platform=raw.platform, features=features, errors=errors, host=raw.host)


def take_snapshot(send: Callable[[str], str], platform: str, features: Iterable[str]) -> Snapshot:
    """The state of ``features`` on one device.

    Args:
        send: runs one show command on the device and returns its text.
        platform: ``cisco_ios`` or ``cisco_iosxe``.
        features: state feature names (see :data:`citynet.state.FEATURES`).

    A command the device rejects makes its feature an error in the snapshot, not an
    exception; an exception from ``send`` (a lost connection) propagates.
    """
    return parse_snapshot(collect(send, platform, features))


def parse_snapshots(raw: Sequence[RawSnapshot], workers: int = 2) -> list[Snapshot]:
    """Parse many devices' outputs, in a pool of ``workers`` processes (1: in this one).

    Genie costs about a second to import and is CPU-bound: the pool keeps it off the
    thread that talks to devices. Results come back in the order of ``raw``.
    """
    if workers <= 1 or len(raw) <= 1:
        return [parse_snapshot(r) for r in raw]
    with ProcessPoolExecutor(max_workers=min(workers, len(raw))) as pool:
        return list(pool.map(parse_snapshot, raw, chunksize=max(1, len(raw) // (workers * 4))))
