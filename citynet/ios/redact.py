"""Secrets and noise out of any configuration text, before it is stored or shown.

Every configuration that leaves a device (backups, diffs, reports, logs,
error messages) goes through :func:`redact_config`, :func:`redact_line` or
:func:`redact_text`. The rules are the secret table of :mod:`citynet.ios.secrets`
and the noise of :mod:`citynet.ios.noise`, selected by the platform's driver.
"""

from __future__ import annotations

from citynet.ios.driver import driver_for
from citynet.ios.secrets import HINT, REDACTED, mask_line, mask_uncached
from citynet.platforms import Platform

__all__ = ["REDACTED", "redact_config", "redact_line", "redact_text"]

MARKERS: tuple[str, ...] = (
    *dict.fromkeys(HINT.pattern.replace("\\", "").split("|")),
    "Building configuration",
    "Current configuration",
    "! Last configuration change",
    "! NVRAM config",
    "! No configuration change",
    "ntp clock-period",
    "banner ",
)
"""Words found in every line that may need redaction, dropping or care (banners)."""


def _candidate_lines(text: str) -> list[int]:
    """Start offsets of the lines holding a marker, in order (one C-level scan per word)."""
    starts = set()
    for word in MARKERS:
        found = text.find(word)
        while found != -1:
            starts.add(text.rfind("\n", 0, found) + 1)
            found = text.find(word, found + len(word))
    return sorted(starts)


def redact_line(line: str, platform: Platform | str = Platform.CISCO_IOSXE) -> str:
    """Mask the secret values in one configuration line, keeping its indentation.

    >>> redact_line(" key 7 0822455D0A16")
    ' key <redacted>'
    >>> redact_line(" ip ospf message-digest-key 1 md5 7 045802150C2E")
    ' ip ospf message-digest-key 1 md5 <redacted>'
    >>> redact_line("key chain OSPF-KEYS")
    'key chain OSPF-KEYS'
    """
    driver_for(platform)
    stripped = line.lstrip(" ")
    if HINT.search(stripped) is None:
        return line
    return line[: len(line) - len(stripped)] + mask_line(stripped)


def redact_config(text: str, platform: Platform | str = Platform.CISCO_IOSXE) -> str:
    """Redact every line and drop the device's noise (build banner, timestamps).

    Banner bodies are kept as written: they are text, not configuration. One
    scan of the whole text finds the few lines that need work; the rest is
    copied as it is.

    >>> redact_config("Building configuration...\\nhostname r1\\nenable secret 9 x\\n")
    'hostname r1\\nenable secret <redacted>\\n'
    """
    driver = driver_for(platform)
    text = text.replace("\r\n", "\n")
    pieces: list[str] = []
    pos = 0
    for start in _candidate_lines(text):
        if start < pos:
            continue  # a line already handled, or inside a banner
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end]
        pieces.append(text[pos:start])
        if driver.is_noise(line):
            pos = min(end + 1, len(text))
            continue
        if line.startswith("banner "):
            delimiter = _banner_end(line)
            close = text.find(delimiter, end) if delimiter else -1
            if close != -1:
                newline = text.find("\n", close)
                end = len(text) if newline == -1 else newline
            pieces.append(text[start:end])
        else:
            pieces.append(redact_line(line, platform))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def _banner_end(line: str) -> str | None:
    parts = line.split(maxsplit=2)
    if len(parts) < 3:
        return None
    body = parts[2]
    delimiter = "^C" if body.startswith("^C") else body[:1]
    rest = body[len(delimiter) :]
    return None if delimiter in rest else delimiter


def redact_text(text: str, platform: Platform | str = Platform.CISCO_IOSXE) -> str:
    """Redact free text (an error message, a log line, a traceback) line by line.

    Configuration quoted anywhere in a line is found too, not only at its start:
    libraries quote a refused command inside their own words.

    >>> redact_text("% Invalid input: snmp-server community Publ1c RO")
    '% Invalid input: snmp-server community <redacted> RO'
    >>> redact_text("failed at 'username a secret 0 Xy1', then 'enable secret 0 Zz9'")
    "failed at 'username a secret <redacted>', then 'enable secret <redacted>'"
    """
    driver_for(platform)
    return "\n".join(
        _redact_anywhere(line) if HINT.search(line) else line for line in text.splitlines()
    )


_STARTS = frozenset(" \t:'\"(=[,;")
"""Characters after which a quoted configuration line may start."""


def _redact_anywhere(line: str) -> str:
    """Mask configuration quoted anywhere in a line: quoted parts first, then the rest."""
    line = line[:65536]
    for quoted_only in (True, False):
        starts = [
            index
            for index in range(len(line))
            if index == 0 or (line[index - 1] in _STARTS and line[index] not in _STARTS)
        ]
        if quoted_only:
            starts = [i for i in starts if i and line[i - 1] in "'\""]
        for index in reversed(starts):  # masking changes only what follows ``index``
            tail, rest = line[index:], ""
            if HINT.search(tail) is None:
                continue
            if quoted_only and line[index - 1] in tail:
                cut = tail.index(line[index - 1])
                tail, rest = tail[:cut], tail[cut:]
            masked = mask_uncached(tail)
            if masked != tail:
                line = line[:index] + masked + rest
    return line
