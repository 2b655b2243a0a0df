"""Unsaved changes: whether a device's running configuration was written to its startup.

IOS says it in the header of ``show running-config`` itself, so finding out costs no second
command::

    ! Last configuration change at 10:02:03 UTC Mon Nov 30 2026 by netadmin
    ! NVRAM config last updated at 09:00:00 UTC Mon Nov 30 2026 by netadmin

A change after the last save is a change a reload would lose. ``! No configuration change
since last restart`` means nothing to save. Without the NVRAM line (a device never saved, or a
text that is not IOS's own) nothing is claimed either way. Both lines use the device's clock
and time zone, so they are compared as they stand. The lines are noise everywhere else
(redaction drops them), so this is read from the text the device sent, before redaction.
"""

from __future__ import annotations

import re
from datetime import datetime

_STAMP = r"(?P<time>\d{1,2}:\d{2}:\d{2})(?:\.\d+)? \S+ \w{3} (?P<date>\w{3} \d{1,2} \d{4})"
_CHANGE = re.compile(r"^! Last configuration change at " + _STAMP + r"(?: by (?P<who>\S+))?", re.M)
_SAVED = re.compile(r"^! NVRAM config last updated at " + _STAMP + r"(?: by (?P<who>\S+))?", re.M)
_NO_CHANGE = re.compile(r"^! No configuration change since last restart", re.M)
_HEAD = 4096
"""The header is at the top: only the first characters are searched."""


def _when(match: re.Match[str]) -> datetime:
    return datetime.strptime(f"{match['date']} {match['time']}", "%b %d %Y %H:%M:%S")


def unsaved_changes(show_running: str) -> str | None:
    """What is unsaved, in words, or None when the running config is saved (or IOS does not say).

    >>> head = "! Last configuration change at 10:02:03 UTC Mon Nov 30 2026 by ops\\n"
    >>> unsaved_changes(head + "! NVRAM config last updated at 09:00:00 UTC Mon Nov 30 2026\\n")
    'changed at 10:02:03 Nov 30 2026 by ops, last saved at 09:00:00 Nov 30 2026'
    >>> unsaved_changes(head + "! NVRAM config last updated at 10:05:00 UTC Mon Nov 30 2026\\n")
    >>> unsaved_changes(head) is None
    True
    """
    head = show_running[:_HEAD]
    change = _CHANGE.search(head)
    if change is None or _NO_CHANGE.search(head):
        return None
    who = f" by {change['who']}" if change["who"] else ""
    changed = f"changed at {change['time']} {change['date']}{who}"
    saved = _SAVED.search(head)
    if saved is None or _when(change) <= _when(saved):
        return None
    return f"{changed}, last saved at {saved['time']} {saved['date']}"
