"""What IOS prints in configuration mode when it refuses a line.

netmiko's ``send_config_set`` detects nothing unless it is given an ``error_pattern``; this module
is the one place that knows which device answers are errors. ``CONFIG_ERROR_PATTERN`` is the
pattern to hand to netmiko (it searches with ``re.M``); ``config_error`` finds the first error line
in any captured output.

IOS prefixes its parser and semantic errors with ``%`` and a space (``% Invalid input detected at
'^' marker.``, ``% 10.0.0.1 overlaps with GigabitEthernet0/0/1``), a few with ``%`` straight
before a word (``%Error opening ...``) and a few with no ``%`` at all (``Bad mask 0xFF00FF00 for
address 10.1.1.1``, ``Command authorization failed.``). Syslog messages that reach the terminal
look like ``%FACILITY-SEV-MNEMONIC:`` (``%SYS-5-CONFIG_I``, ``%LINEPROTO-5-UPDOWN``) and are never
errors of the line just sent, nor are ``% Warning:``/``% Password expiry warning`` notes: the
device applied the line.

>>> config_error("ip address 10.0.0.1 255.255.255.0\\n% 10.0.0.0 overlaps with Vlan10\\n")
'% 10.0.0.0 overlaps with Vlan10'
>>> config_error("%SYS-5-CONFIG_I: Configured from console by admin on vty0") is None
True
"""

from __future__ import annotations

import re

#: Phrases IOS prints right after ``% `` (or ``%``) when it refuses a configuration line. Each
#: one is a message seen on IOS or IOS-XE in configuration mode; comments give an example.
_PERCENT_PHRASES: tuple[str, ...] = (
    r"Invalid input detected",  # % Invalid input detected at '^' marker.
    r"Incomplete command",  # % Incomplete command.
    r"Ambiguous command",  # % Ambiguous command:  "ip add"
    r"Unrecognized command",  # % Unrecognized command
    r"Unknown command",  # % Unknown command or computer name, or unable to find computer address
    r"Invalid\b",  # % Invalid IP address / % Invalid access list name / % Invalid mask
    r"Bad mask",  # % Bad mask /33 for address 10.1.1.1
    r"Bad secrets?",  # % Bad secrets
    r"Duplicate address",  # % Duplicate address 10.1.1.1 on Vlan10
    r"Cannot\b",  # % Cannot remove the last address / % Cannot configure ...
    r"Can not\b",  # % Can not configure this command on this interface
    r"Unable to\b",  # % Unable to create interface / % Unable to open ...
    r"Error\b",  # % Error in command processing / %Error opening tftp://... / % ERROR: ...
    r"Failed\b",  # % Failed to commit / % Failed to create
    r"Not allowed\b",  # % Not allowed on this interface
    r"Not supported\b",  # % Not supported on this platform
    r"This command is not supported",  # % This command is not supported on this device.
    r"Command rejected",  # % Command rejected: ...
    r"Permission denied",  # % Permission denied
    r"Authorization failed",  # % Authorization failed.
    r"Interface \S+ (?:does )?not exist",  # % Interface Vlan99 does not exist
    r"No such\b",  # % No such interface / % No such file or directory
    r"Access denied",  # % Access denied
    r"Configuration (?:rejected|failed)",  # % Configuration rejected
    r"Please (?:remove|delete|unconfigure|configure)\b",  # % Please remove ip address first
    r"General session commands not allowed",  # % General session commands not allowed under ...
    r"BGP: Error",  # % BGP: Error initializing topology
    r"\S+ overlaps with",  # % 10.0.0.0 overlaps with GigabitEthernet0/0/1
    r"No matching\b",  # %No matching route to delete
    r"Inconsistent address and mask",  # %Inconsistent address and mask
    r"Unknown VPN",  # % Unknown VPN
    r"IP routing table VRF",  # %IP routing table VRF RED does not exist. Create first
    r"VRF \S+ not configured",  # % VRF RED not configured.
    r"[^\r\n]*\bnot found\b",  # % VLAN 99 not found in current VLAN database / % ACL not found
    r"[^\r\n]*\bdoes not exist\b",  # % VRF RED does not exist / % Policy map X does not exist
    r"[^\r\n]*\balready (?:exists|in use|assigned|configured)\b",  # % ... already in use
    r"[^\r\n]*\bis not (?:configured|enabled|running|allowed|valid)\b",
)

#: Error lines without the leading ``%``.
_BARE_PHRASES: tuple[str, ...] = (
    r"Bad mask (?:0x[0-9A-Fa-f]+|/\d+) for address",  # Bad mask 0xFF00FF00 for address 10.1.1.1
    r"Command authorization failed",  # Command authorization failed.
    r"Command Rejected:",  # Command Rejected: Bad VLAN list
    r"%SNMP agent not enabled",  # %SNMP agent not enabled
    r"Archive feature not enabled",  # configure terminal revert timer 5, without archive path
    r"%Please turn config archive on",  # configure replace ... timer N, without archive path
    r"%No Rollback Confirmed Change pending",  # configure confirm after the timer fired
)

#: Lines that start with ``%`` but report, rather than refuse: syslog messages
#: (``%SYS-5-CONFIG_I:``, ``%LINEPROTO-5-UPDOWN:``) and notes the device prints after applying.
_INFORMATIONAL = (
    r"[A-Z0-9_]+-\d-[A-Z0-9_]+:"
    r"|[ \t]?(?:Warning\b|Password expiry warning|Note\b|Info\b|Informational\b"
    r"|Access VLAN does not exist)"  # % Access VLAN does not exist. Creating vlan 99
)

#: The regular expression for netmiko's ``send_config_set(error_pattern=...)``; ``config_error``
#: uses the same one. It carries its own flags (``(?im)``): netmiko searches with ``re.M`` only.
CONFIG_ERROR_PATTERN: str = (
    r"(?im)^[ \t]*(?:%(?!"
    + _INFORMATIONAL
    + r")[ \t]?(?:"
    + "|".join(_PERCENT_PHRASES)
    + r")|(?:"
    + "|".join(_BARE_PHRASES)
    + r"))"
)

_ERROR_RE = re.compile(CONFIG_ERROR_PATTERN)


def config_error(output: str) -> str | None:
    """Return the first line of ``output`` that is an IOS configuration error, else ``None``.

    Informational lines (syslog messages such as ``%SYS-5-CONFIG_I``, ``% Warning:`` notes,
    ``% Password expiry warning``) are never errors, even when they contain an error word.

    Args:
        output: What the device answered to one or more configuration lines.

    Returns:
        The error line, stripped, or ``None`` when the device accepted everything.

    >>> config_error("% Invalid input detected at '^' marker.")
    "% Invalid input detected at '^' marker."
    >>> config_error("Bad mask 0xFF00FF00 for address 10.1.1.1")
    'Bad mask 0xFF00FF00 for address 10.1.1.1'
    >>> config_error("% Warning: use /31 mask on non point-to-point interface cautiously") is None
    True
    """
    for line in output.splitlines():
        if _ERROR_RE.match(line):
            return line.strip()
    return None
