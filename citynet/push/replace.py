"""Replace a device's whole configuration with NAPALM, under the device's own revert timer.

The sequence is NAPALM's ``ios`` driver: ``load_replace_candidate`` copies the candidate to the
device's flash by SCP, ``compare_config`` asks the device for the difference (``show archive
config differences``), ``commit_config(revert_in=N*60)`` runs ``configure replace flash:... force
revert trigger error timer N`` (IOS restores the old configuration itself if a line fails, and
again when the timer runs out), and only when the caller's verification passes
``confirm_commit`` sends ``configure confirm`` and saves. A failed verification sends
``configure revert now``; a session lost before the confirm leaves the timer to revert the device.

Before any connection the candidate is refused when it is empty, truncated (cut in the middle of
a line, no closing ``end``), still holds a redacted value, much smaller than the running
configuration (:func:`citynet.diff.lockout.target_problem`), or names a secret the resolver does
not know. Secrets travel as ``<secret:NAME>`` markers and are resolved only here, in memory; the
text NAPALM copies is handed to it through an anonymous in-memory file (``memfd``), so no
resolved value is ever written to the local disk, and every text this module returns (the diff,
error messages) shows the markers again, never the values.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from citynet.device.credentials import Credentials
from citynet.device.options import ConnectionOptions, napalm_extras
from citynet.diff.lockout import target_problem
from citynet.errors import PushError
from citynet.ios.redact import redact_text
from citynet.ios.secrets import REDACTED

SECRET_MARKER = re.compile(r"<secret:(?P<name>[A-Za-z0-9_.-]+)>")
"""A secret the candidate names, resolved at push time: ``<secret:tacacs_key>``."""

SecretResolver = Callable[[str], str | None]
"""Gives a secret's value by name, or None when it does not know the name."""

Verifier = Callable[[str], bool]
"""Decides, after the commit and before the confirm, whether the device may keep the change
(the push engine's post-checks from a fresh session); called with the host name."""

MIN_HIDDEN_LENGTH = 4
"""A value this long or longer is hidden wherever it appears; a shorter one would mangle text."""

MIN_REVERT_MINUTES, MAX_REVERT_MINUTES = 1, 120
"""The revert timer IOS accepts (NAPALM passes whole minutes)."""


class ReplaceState(StrEnum):
    """How a replace ended on the device."""

    CONFIRMED = "confirmed"
    """Replaced, verified, confirmed and saved."""
    UNCHANGED = "unchanged"
    """The device already ran the candidate: nothing was committed."""
    ROLLED_BACK = "rolled back"
    """Verification failed and ``configure revert now`` restored the old configuration."""
    REJECTED = "rejected"
    """The device refused a line of the candidate and restored the old configuration itself."""
    REVERTING = "reverting"
    """The session was lost before the confirm: the device's timer restores the old one."""


@dataclass(frozen=True)
class ReplaceTarget:
    """Where and as whom to connect: the host's name, address, port and the known_hosts file."""

    host: str
    address: str
    port: int
    credentials: Credentials
    known_hosts: Path


@dataclass(frozen=True)
class ReplaceResult:
    """What a replace did: its end state, the device's diff (markers, never values), why."""

    host: str
    state: ReplaceState
    diff: str = ""
    detail: str = ""


def candidate_problem(candidate: str, running: str | None = None) -> str | None:
    """Why ``candidate`` must not replace a configuration, or None when it may.

    >>> candidate_problem("")
    'the candidate is empty: replacing with it would erase the whole configuration'
    >>> candidate_problem("hostname r1\\ninterface Vlan1\\n ip addr")
    'the candidate ends in the middle of a line (no closing "end"): it looks truncated'
    >>> candidate_problem("hostname r1\\n!\\nend\\n") is None
    True
    """
    body = candidate.replace("\r\n", "\n")
    if not body.strip():
        return "the candidate is empty: replacing with it would erase the whole configuration"
    lines = [line.strip() for line in body.strip("\n").split("\n")]
    if not body.endswith("\n") and lines[-1] != "end":
        return 'the candidate ends in the middle of a line (no closing "end"): it looks truncated'
    if "end" not in lines:
        return 'the candidate has no closing "end": it looks truncated'
    if REDACTED in body:
        return (
            f"the candidate still holds {REDACTED} where a secret goes: render it with "
            "<secret:NAME> markers so the value is filled in at push time"
        )
    if running is not None:
        problem = target_problem(running, body)
        if problem is not None:
            return problem.replace("golden config", "candidate")
    return None


def secret_names(candidate: str) -> list[str]:
    """The secret names a candidate refers to, in order, once each.

    >>> secret_names("key <secret:tacacs>\\nenable secret <secret:enable>\\nkey <secret:tacacs>")
    ['tacacs', 'enable']
    """
    return list(dict.fromkeys(m["name"] for m in SECRET_MARKER.finditer(candidate)))


def resolve_secrets(candidate: str, resolver: SecretResolver) -> tuple[str, dict[str, str]]:
    """The candidate with every marker replaced by its value, and the values by name.

    Raises:
        PushError: a name the resolver does not know (the message names it, never a value).
    """
    values: dict[str, str] = {}
    missing: list[str] = []
    for name in secret_names(candidate):
        value = resolver(name)
        if not value:
            missing.append(name)
        elif "\n" in value or "\r" in value:
            raise PushError(f"the secret {name!r} holds a line break: it cannot go in a config")
        else:
            values[name] = value
    if missing:
        raise PushError(
            f"no value for the secret(s) {', '.join(missing)}: set them where the push reads "
            "secrets from (the environment or the secrets file) and try again"
        )
    resolved = SECRET_MARKER.sub(lambda m: values[m["name"]], candidate)
    return resolved, values


def hide_secrets(text: str, values: Mapping[str, str]) -> str:
    """``text`` with every resolved value shown as its marker again, then redacted.

    >>> hide_secrets("description S3cret!", {"tacacs_key": "S3cret!"})
    'description <secret:tacacs_key>'
    >>> hide_secrets("enable secret 0 S3cret!", {"enable": "S3cret!"})
    'enable secret 0 <secret:enable>'
    >>> hide_secrets("enable secret 0 abc", {"enable": "abc"})  # too short to replace
    'enable secret <redacted>'
    """
    for name, value in sorted(values.items(), key=lambda item: -len(item[1])):
        if len(value) >= MIN_HIDDEN_LENGTH:  # shorter: where a secret goes, redaction masks it
            text = text.replace(value, f"<secret:{name}>")
    return redact_text(text)


@contextlib.contextmanager
def memory_file(text: str) -> Iterator[str]:
    """A path to ``text`` held in memory only (Linux ``memfd``), for NAPALM's SCP upload.

    Where ``memfd_create`` does not exist, a file readable only by this user, in a directory
    only this user can enter, removed as soon as the upload is done.
    """
    data = text.encode("utf-8")
    create = getattr(os, "memfd_create", None)
    if create is not None:
        fd = create("citynet-candidate", 0)
        try:
            os.write(fd, data)
            yield f"/proc/{os.getpid()}/fd/{fd}"
        finally:
            os.close(fd)
        return
    with tempfile.TemporaryDirectory(prefix="citynet-") as folder:  # pragma: no cover
        path = Path(folder) / "candidate.cfg"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        yield str(path)


def _driver(target: ReplaceTarget, options: ConnectionOptions) -> Any:
    from napalm import get_network_driver

    extras = napalm_extras(None, target.port, target.credentials, target.known_hosts, options)
    cls = get_network_driver("ios")
    return cls(
        target.address,
        target.credentials.username,
        target.credentials.password,
        timeout=extras["timeout"],
        optional_args=extras["optional_args"],
    )


def replace_device(
    host: str,
    candidate: str,
    *,
    revert_minutes: int,
    target: ReplaceTarget,
    resolver: SecretResolver,
    verify: Verifier,
    running: str | None = None,
    options: ConnectionOptions | None = None,
    driver_factory: Callable[[ReplaceTarget, ConnectionOptions], Any] = _driver,
) -> ReplaceResult:
    """Replace ``host``'s configuration with ``candidate`` under a revert timer.

    Args:
        host: the inventory name (for messages and the result).
        candidate: the whole new configuration, secrets as ``<secret:NAME>`` markers.
        revert_minutes: the device's revert timer (1-120): the old configuration comes back by
            itself unless the change is confirmed within this time.
        target: address, port, credentials and known_hosts to connect with (the caller has
            already checked the address against the allowed target ranges).
        resolver: gives each named secret's value.
        verify: decides, after the commit, whether to confirm (True) or revert (False).
        running: the running configuration when the caller has it (from the plan's pre-state):
            the size check then happens before connecting; otherwise it is read first.
        options: timeouts.
        driver_factory: builds the NAPALM driver (tests pass one that records calls).

    Returns:
        The end state; ``diff`` is the device's own difference, with markers, never values.

    Raises:
        PushError: the candidate is refused (nothing was sent), or the device could not be
            reached or refused the upload before anything changed.
    """
    if not MIN_REVERT_MINUTES <= revert_minutes <= MAX_REVERT_MINUTES:
        raise PushError(
            f"{host}: a revert timer of {revert_minutes} minute(s) is outside what IOS accepts "
            f"({MIN_REVERT_MINUTES}-{MAX_REVERT_MINUTES})"
        )
    problem = candidate_problem(candidate, running)
    if problem is not None:
        raise PushError(f"{host}: refusing to replace the configuration: {problem}")
    resolved, values = resolve_secrets(candidate, resolver)
    options = options or ConnectionOptions()
    device = driver_factory(target, options)
    try:
        device.open()
    except Exception as error:  # any failure to connect: nothing was sent
        raise PushError(f"{host}: cannot connect to replace the configuration: {error}") from None
    try:
        return _replace_open(host, device, resolved, values, revert_minutes, verify, running)
    finally:
        with contextlib.suppress(Exception):
            device.close()


def _replace_open(
    host: str,
    device: Any,
    resolved: str,
    values: Mapping[str, str],
    revert_minutes: int,
    verify: Verifier,
    running: str | None,
) -> ReplaceResult:
    from napalm.base.exceptions import ReplaceConfigException

    if running is None:
        running = str(device.get_config(retrieve="running")["running"])
        problem = target_problem(running, resolved)
        if problem is not None:
            problem = problem.replace("golden config", "candidate")
            raise PushError(f"{host}: refusing to replace the configuration: {problem}")
    try:
        with memory_file(resolved) as path:
            device.load_replace_candidate(filename=path)
        diff = hide_secrets(str(device.compare_config()), values)
    except Exception as error:  # nothing is committed yet
        detail = hide_secrets(str(error), values)
        raise PushError(f"{host}: the candidate could not be loaded: {detail}") from None
    if not diff.strip():
        return ReplaceResult(host, ReplaceState.UNCHANGED)
    try:
        device.commit_config(revert_in=revert_minutes * 60)
    except ReplaceConfigException as error:
        detail = hide_secrets(str(error), values)
        return ReplaceResult(host, ReplaceState.REJECTED, diff, detail)
    except Exception as error:  # the timer (if armed) reverts the device
        detail = hide_secrets(str(error), values)
        return ReplaceResult(host, ReplaceState.REVERTING, diff, detail)
    try:
        keep = verify(host)
    except Exception as error:  # an unfinished check is a failed check
        keep, reason = False, f"verification failed: {hide_secrets(str(error), values)}"
    else:
        reason = "verification passed" if keep else "verification failed"
    try:
        if keep:
            device.confirm_commit()
            return ReplaceResult(host, ReplaceState.CONFIRMED, diff, reason)
        device.rollback()
        return ReplaceResult(host, ReplaceState.ROLLED_BACK, diff, reason)
    except Exception as error:  # session lost: the device's timer decides
        detail = f"{reason}; then the session was lost ({hide_secrets(str(error), values)})"
        return ReplaceResult(
            host,
            ReplaceState.REVERTING,
            diff,
            f"{detail}: the device restores its old configuration when its "
            f"{revert_minutes}-minute timer runs out",
        )
