"""The lines a simulated device writes into its running configuration by itself.

A real device started from a golden config does not show only the golden text:
it adds its licence, ``redundancy``, ``control-plane``, ``call-home``, its
self-signed trustpoint and certificate, the management VRF and port, every
physical port of the model, the ``ip http`` defaults ... The data is
``citynet/ios/device_owned.yaml`` (the diff engine reads the same file to leave
these lines alone). A lab device of a known model gets them where its
configuration does not set the same line, so that drift against a lab device
meets the real problem.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import replace

from citynet.ios import rules
from citynet.ios.names import interface_type
from citynet.ios.noise import ModelDefaults, module_port_lines, owned_lines
from citynet.lab.config_engine import ConfigNode, load_into, parse_config, render_node

CERTIFICATE = "{certificate}"
"""The placeholder line for a certificate's hex lines in the data."""

_VIRTUAL_FIRST = frozenset({"Loopback", "Port-channel", "Tunnel"})
_SELF_SIGNED = re.compile(r"crypto pki trustpoint TP-self-signed-(\d+)$")


def trustpoint_id(serial: str) -> str:
    """The ten digits of a device's self-signed trustpoint, stable per serial number.

    >>> trustpoint_id("FOC1234X0AB") == trustpoint_id("FOC1234X0AB")
    True
    """
    digest = hashlib.sha256(f"tp/{serial}".encode()).digest()
    return str(1_000_000_000 + int.from_bytes(digest[:4], "big") % 3_000_000_000)


def certificate_lines(seed: str, count: int = 24) -> list[str]:
    """Made-up certificate hex, as IOS prints it under ``certificate ...`` (then ``quit``)."""
    lines = []
    block = hashlib.sha256(seed.encode()).hexdigest().upper()
    for number in range(count):
        block = hashlib.sha256(f"{block}{number}".encode()).hexdigest().upper()
        words = [block[i : i + 8] for i in range(0, 64, 8)]
        lines.append("  " + " ".join(words if number < count - 1 else words[:5]))
    return [*lines, "  \tquit"]


def device_text(defaults: ModelDefaults, serial: str, trustpoint: str | None = None) -> str:
    """The lines a device of this model shows by itself, placeholders filled in.

    ``trustpoint``: the number of the self-signed trustpoint it already has, if any.
    """
    values = {
        "{model}": defaults.model,
        "{model_lower}": defaults.model.lower(),
        "{pid}": defaults.model,
        "{serial}": serial,
        "{tp}": trustpoint or trustpoint_id(serial),
    }
    out: list[str] = []
    for number, line in enumerate(defaults.shows.splitlines()):
        if line.strip() == CERTIFICATE:
            out.extend(certificate_lines(f"{serial}/{number}"))
            continue
        for key, value in values.items():
            if key in line:
                line = line.replace(key, value)
        out.append(line)
    for port in defaults.ports:
        out.append(f"interface {port}")
        out.extend(f" {line}" for line in defaults.port_lines)
        out.append("!")
    return "\n".join(out) + "\n"


def with_modules(defaults: ModelDefaults, modules: Mapping[str, str]) -> ModelDefaults:
    """A model's own lines with those of every port of its installed modules (``slot ->
    module``, the inventory's ``modules``; ports from the hardware catalogue).

    A real ISR shows each voice port and T1/E1 controller of its modules whether
    configured or not; a port the configuration sets keeps its configuration.

    >>> from citynet.ios.noise import model_defaults
    >>> isr = model_defaults("ISR4321/K9")
    >>> assert isr is not None
    >>> shown = with_modules(isr, {"0/1": "NIM-2FXO", "0/2": "NIM-1MFT-T1/E1"}).shows
    >>> [line for line in shown.splitlines() if line.startswith(("voice-port", "controller"))]
    ['voice-port 0/1/0', 'voice-port 0/1/1', 'controller T1 0/2/0']
    """
    from citynet.inventory.hardware import module_ports

    lines = [
        line
        for kind, ports in module_ports(dict(modules)).items()
        for port in ports
        for line in (*module_port_lines(str(kind), port), "!")
    ]
    if not lines:
        return defaults
    return replace(defaults, shows=defaults.shows + "\n".join(lines) + "\n")


def _key(ctx: str, text: str) -> str:
    return rules.key_rule(ctx, " ".join(text.split()))[0]


def add_device_lines(
    root: ConfigNode, defaults: ModelDefaults, serial: str, default_on: frozenset[str]
) -> None:
    """Add to ``root`` (in place) the lines of its model it does not set itself.

    A line or section is added when the configuration has no line with the same
    key; inside a section both have, only the lines the device adds there by
    itself (``children`` in the data) are added. Keys are the diff engine's, so
    that what the lab adds is what drift leaves alone.
    """
    owned = owned_lines(defaults.platform, defaults.model)
    trustpoint = next(
        (m.group(1) for node in root.children if (m := _SELF_SIGNED.match(node.text))), None
    )
    own, _ = parse_config(device_text(defaults, serial, trustpoint), default_on=default_on)
    present = {_key("root", node.text): node for node in root.children}
    additions: list[str] = []
    for node in own.children:
        match = present.get(_key("root", node.text))
        if match is None:
            additions.extend(render_node(node))
            continue
        if not node.children or not owned.has_children(node.text):
            continue
        ctx = rules.child_context("root", node.text)
        have = {_key(ctx, child.text) for child in match.children}
        missing = [
            child
            for child in node.children
            if owned.owned_child(node.text, child.text) and _key(ctx, child.text) not in have
        ]
        if missing:
            additions.append(match.text)
            additions.extend(line for child in missing for line in render_node(child, 1))
    if additions:
        load_into(root, "\n".join(additions) + "\n", strict=False, default_on=default_on)
    order_interfaces(root, defaults)


def _numbers(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", name))


def order_interfaces(root: ConfigNode, defaults: ModelDefaults) -> None:
    """Put the interfaces in the order the model shows them (in their own places).

    Loopbacks, port-channels and tunnels first, then the model's physical ports
    in its order (each with its subinterfaces), then the rest (VLAN interfaces ...).
    """
    slots = [i for i, node in enumerate(root.children) if node.text.startswith("interface ")]
    if len(slots) < 2:
        return
    order = {name: number for number, name in enumerate(defaults.ports)}
    owned = owned_lines(defaults.platform, defaults.model)
    router = defaults.family.startswith("isr")
    nodes = [root.children[i] for i in slots]

    def rank(item: tuple[int, ConfigNode]) -> tuple[int, int, tuple[int, ...], int]:
        index, node = item
        name = node.text.split(None, 1)[1]
        base, _, sub = name.partition(".")
        if base in order:
            return (1, order[base], (int(sub) if sub.isdigit() else 0,), index)
        kind = interface_type(base)
        if kind in _VIRTUAL_FIRST:
            return (0, 0, (), index)
        if rules.is_default_section(f"interface {base}") or owned.is_port(f"interface {base}"):
            if len(_numbers(base)) <= 2 and kind in ("GigabitEthernet", "FastEthernet"):
                # the management port: first on a switch, after the ports on a router
                return (1, len(order) if router else -1, (), index)
            return (1, len(order) + 1, _numbers(name), index)
        return (2, 0, (), index)

    ordered = [node for _, node in sorted(enumerate(nodes), key=rank)]
    for slot, node in zip(slots, ordered, strict=True):
        root.children[slot] = node
