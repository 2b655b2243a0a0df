"""System show commands: inventory, clock, hosts, CPU, memory, environment, privilege, terminal."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from citynet.lab.config_engine import ConfigNode
from citynet.lab.shows.model import (
    DeviceFacts,
)


def show_hosts(root: ConfigNode) -> str:
    """``show hosts``."""
    domain = None
    for node in root.children:
        words = node.words
        if words[:2] == ["ip", "domain-name"] and len(words) > 2:
            domain = words[2]
        elif words[:3] == ["ip", "domain", "name"] and len(words) > 3:
            domain = words[3]
    head = f"Default domain is {domain}" if domain else "Default domain is not set"
    return "\n".join(
        [
            head,
            "Name/address lookup uses static mappings",
            "",
            "Codes: UN - unknown, EX - expired, OK - OK, ?? - revalidate",
            "       temp - temporary, perm - permanent",
            "       NA - Not Applicable None - Not defined",
            "",
            "Host                      Port  Flags      Age Type   Address(es)",
        ]
    )


def _chassis_description(model: str) -> str:
    """The chassis DESCR IOS-XE prints, e.g. ``Cisco ISR4321 Chassis``."""
    upper = model.upper()
    if upper.startswith(("ISR", "ASR")):
        return f"Cisco {model.split('/')[0]} Chassis"
    series = re.match(r"C(9\d)", upper)
    if series:
        return f"Cisco Catalyst {series.group(1)}00 Series Chassis"
    return f"Cisco {model} Chassis"


def show_inventory(facts: DeviceFacts) -> str:
    """``show inventory``: a classic IOS stack member is ``NAME: "1"``, IOS-XE a chassis."""
    if facts.platform == "cisco_ios":
        name, descr = "1", facts.model
    else:
        name, descr = "Chassis", _chassis_description(facts.model)
    return "\n".join(
        [
            f'NAME: "{name}", DESCR: "{descr}"',
            f"PID: {facts.model:<18}, VID: V02  , SN: {facts.serial}",
            "",
            "",
        ]
    )


def show_clock() -> str:
    """``show clock``."""
    now = datetime.now(UTC)
    return (
        "*"
        + now.strftime("%H:%M:%S.")
        + f"{now.microsecond // 1000:03d}"
        + now.strftime(" UTC %a %b %d %Y")
    )


def show_processes_cpu() -> str:
    """``show processes cpu`` (a quiet device)."""
    return "\n".join(
        [
            "CPU utilization for five seconds: 3%/0%; one minute: 2%; five minutes: 2%",
            " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process ",
            "   1          12         101        118  0.00%  0.00%  0.00%   0 Chunk Manager    ",
            "   2        1450       26012         55  0.07%  0.02%  0.00%   0 Load Meter       ",
        ]
    )


def show_memory_statistics() -> str:
    """``show memory statistics``."""
    return "\n".join(
        [
            "                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)",
            "Processor  7F8E9C3010  1418473088   312345600  1106127488  1098765432  1073741824",
            "  lsmpi_io  7F8E9A51A8     6295128     6294304         824         824         412",
        ]
    )


def show_environment_temperature() -> str:
    """``show environment temperature status``."""
    return "\n".join(
        [
            "Inlet Temperature Value: 27 Degree Celsius",
            "Temperature State: GREEN",
            "Yellow Threshold : 46 Degree Celsius",
            "Red Threshold    : 56 Degree Celsius",
        ]
    )
