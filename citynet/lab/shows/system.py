"""System show commands: inventory, clock, hosts, CPU, memory, environment, privilege, terminal."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from citynet.lab.shows.model import is_router
from citynet.lab.shows.request import ShowRequest


def show_hosts(request: ShowRequest) -> str:
    """``show hosts``: the domain name; no host is ever cached."""
    domain = None
    for node in request.root.children:
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
    if is_router(model):
        return f"Cisco {model.split('/')[0]} Chassis"
    series = re.match(r"C(9\d)", model.upper())
    if series:
        return f"Cisco Catalyst {series.group(1)}00 Series Chassis"
    return f"Cisco {model} Chassis"


def show_inventory(request: ShowRequest) -> str:
    """``show inventory``: a classic IOS stack member is ``NAME: "1"``, IOS-XE a chassis."""
    facts = request.facts
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


def show_clock(request: ShowRequest) -> str:
    """``show clock``."""
    now = datetime.now(UTC)
    return (
        "*"
        + now.strftime("%H:%M:%S.")
        + f"{now.microsecond // 1000:03d}"
        + now.strftime(" UTC %a %b %d %Y")
    )


def show_processes_cpu(request: ShowRequest) -> str:
    """``show processes cpu`` (a quiet device)."""
    return "\n".join(
        [
            "CPU utilization for five seconds: 3%/0%; one minute: 2%; five minutes: 2%",
            " PID Runtime(ms)     Invoked      uSecs   5Sec   1Min   5Min TTY Process ",
            "   1          12         101        118  0.00%  0.00%  0.00%   0 Chunk Manager    ",
            "   2        1450       26012         55  0.07%  0.02%  0.00%   0 Load Meter       ",
        ]
    )


def show_memory_statistics(request: ShowRequest) -> str:
    """``show memory statistics``."""
    return "\n".join(
        [
            "                Head    Total(b)     Used(b)     Free(b)   Lowest(b)  Largest(b)",
            "Processor  7F8E9C3010  1418473088   312345600  1106127488  1098765432  1073741824",
            "  lsmpi_io  7F8E9A51A8     6295128     6294304         824         824         412",
        ]
    )


def show_environment_temperature(request: ShowRequest) -> str:
    """``show environment temperature status``."""
    return "\n".join(
        [
            "Inlet Temperature Value: 27 Degree Celsius",
            "Temperature State: GREEN",
            "Yellow Threshold : 46 Degree Celsius",
            "Red Threshold    : 56 Degree Celsius",
        ]
    )


def show_privilege(request: ShowRequest) -> str:
    """``show privilege``: the session's privilege level."""
    return f"Current privilege level is {15 if request.privileged else 1}"


def show_terminal(request: ShowRequest) -> str:
    """``show terminal``: the session's length and width."""
    return f"Line 2, Length: {request.term_length} lines, Width: {request.term_width} columns"
