"""Out-of-band changes for demos and tests: what a field technician might do by hand."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable

from citynet.lab.config_engine import ConfigEditor, ConfigNode
from citynet.lab.device import LabDevice

Change = Callable[[ConfigNode, random.Random], list[str] | None]


def _interfaces(root: ConfigNode, predicate: Callable[[ConfigNode], bool]) -> list[ConfigNode]:
    return [n for n in root.children if n.words[:1] == ["interface"] and predicate(n)]


def _description(root: ConfigNode, rng: random.Random) -> list[str] | None:
    ports = _interfaces(root, lambda n: any(c.words[:1] == ["description"] for c in n.children))
    if not ports:
        return None
    port = rng.choice(ports)
    return [port.text, f"description TEMP moved by field tech {rng.randint(100, 999)}"]


def _shut_access_port(root: ConfigNode, rng: random.Random) -> list[str] | None:
    ports = _interfaces(
        root,
        lambda n: (
            any(c.words[:2] == ["switchport", "access"] for c in n.children)
            and not any(c.text == "shutdown" for c in n.children)
        ),
    )
    if not ports:
        return None
    return [rng.choice(ports).text, "shutdown"]


def _local_user(root: ConfigNode, rng: random.Random) -> list[str] | None:
    del root
    return [f"username fieldtech{rng.randint(1, 9)} privilege 15 secret 9 $9$driftdriftdrift$x"]


def _static_route(root: ConfigNode, rng: random.Random) -> list[str] | None:
    del root
    return [f"ip route 10.{rng.randint(200, 250)}.0.0 255.255.0.0 Null0"]


def _logging_buffer(root: ConfigNode, rng: random.Random) -> list[str] | None:
    del root
    return [f"logging buffered {rng.choice((16384, 32768, 128000))}"]


def _remove_logging_host(root: ConfigNode, rng: random.Random) -> list[str] | None:
    hosts = [n for n in root.children if n.words[:2] == ["logging", "host"]]
    if not hosts:
        return None
    return ["no " + rng.choice(hosts).text]


def _ntp_server(root: ConfigNode, rng: random.Random) -> list[str] | None:
    del root
    return [f"ntp server 10.9.{rng.randint(0, 9)}.{rng.randint(1, 250)}"]


CHANGES: dict[str, Change] = {
    "description": _description,
    "shut_access_port": _shut_access_port,
    "local_user": _local_user,
    "static_route": _static_route,
    "logging_buffer": _logging_buffer,
    "remove_logging_host": _remove_logging_host,
    "ntp_server": _ntp_server,
}


def apply_drift(device: LabDevice, rng: random.Random, changes: int = 2) -> list[str]:
    """Make ``changes`` out-of-band changes to one device; returns the commands entered."""
    names = list(CHANGES)
    rng.shuffle(names)
    entered: list[str] = []
    for name in names:
        if len(entered) >= changes:
            break
        commands = CHANGES[name](device.running, rng)
        if not commands:
            continue
        editor = ConfigEditor(device.running, default_on=device.default_on)
        for command in commands:
            editor.apply(command)
        entered.append("; ".join(commands))
    device.touched("fieldtech")
    return entered


def seed_drift(
    devices: Iterable[LabDevice], count: int, seed: int = 0, changes: int = 2
) -> dict[str, list[str]]:
    """Drift ``count`` devices chosen by ``seed``; returns device name -> commands entered.

    The startup configuration is left as it was, as after an unsaved change.
    """
    pool = sorted(devices, key=lambda d: d.name)
    rng = random.Random(seed)
    chosen = rng.sample(pool, min(count, len(pool)))
    return {d.name: apply_drift(d, rng, changes) for d in sorted(chosen, key=lambda d: d.name)}
