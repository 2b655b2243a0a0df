"""Nornir task: collect a device's running configuration, redacted, with retries."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from nornir.core.task import Result, Task

from citynet.device.classify import classify, first_line
from citynet.device.errors import CommandRejected, is_transient
from citynet.device.options import ConnectionOptions
from citynet.device.targets import check_target
from citynet.ios.keyed import redact_keyed
from citynet.ios.saved import unsaved_changes
from citynet.platforms import Platform
from citynet.state.features import VOICE_ROLE
from citynet.workspace import Settings
from tasks.check_state import host_role

COMMAND = "show running-config"


def get_running_config(
    task: Task,
    *,
    settings: Settings,
    options: ConnectionOptions,
    hmac_key: bytes | None = None,
    voice_state: bool = False,
) -> Result:
    """``show running-config`` through the connection plugin; the result is already redacted.

    With ``hmac_key`` each secret value becomes its keyed hash marker (``<hmac:...>``, see
    :mod:`citynet.ios.keyed`) instead of ``<redacted>``. The result's ``unsaved`` attribute says
    what the device has not written to its startup configuration (None: all saved), read from
    the header IOS prints (:mod:`citynet.ios.saved`).

    With ``voice_state``, a voice gateway's voice state features are read on the same session
    (the result's ``voice_state``: a :class:`citynet.state.Snapshot`; None on other hosts).
    A show command that fails there is an error inside the snapshot, never a failed backup.

    Transient failures (:func:`~citynet.device.errors.is_transient`: a timeout,
    an unreachable device) are retried with doubling back-off; any other failure
    is raised at once as its typed error.

    Raises:
        TargetNotAllowedError: the address is outside the allowed ranges (nothing is sent).
        DeviceConnectionError: the device could not be read; the type and message say why.
    """
    host = task.host
    address = str(host.hostname)
    check_target(address, settings, host.name)
    platform = Platform(str(host.platform))
    secrets = _secrets(host, options)
    attempt = 0
    while True:
        attempt += 1
        try:
            text, snapshot = _read(task, options, voice_state, secrets)
            break
        except Exception as exc:  # classified by type, then retried or raised
            error = classify(
                exc,
                host=host.name,
                address=address,
                platform=platform,
                attempts=attempt,
                secrets=secrets,
            )
            if not is_transient(error) or attempt > options.retries:
                raise error from None
            options.sleep(options.backoff * 2 ** (attempt - 1))
    if "hostname" not in text:
        answer = first_line(text, platform, secrets, default="nothing")
        raise CommandRejected(
            host.name, address, f"{COMMAND!r} returned no configuration: {answer}", attempts=attempt
        )
    redacted = redact_keyed(text, hmac_key, platform)
    return Result(host=host, result=redacted, unsaved=unsaved_changes(text), voice_state=snapshot)


def _read(
    task: Task, options: ConnectionOptions, voice_state: bool, secrets: tuple[str, ...]
) -> tuple[str, Any]:
    host = task.host
    try:
        connection = host.get_connection(options.plugin, task.nornir.config)

        def send(command: str) -> str:
            return str(connection.send_command(command, read_timeout=options.read_timeout))

        text = send(COMMAND)
        wanted = voice_state and host_role(task) == VOICE_ROLE and "hostname" in text
        return text, _voice_snapshot(task, send, secrets) if wanted else None
    finally:
        # Closed here, in this worker thread, after success and failure alike: closing a
        # fleet's sessions one by one afterwards costs as much as reading them.
        if options.plugin in host.connections:
            with contextlib.suppress(Exception):  # a broken session may not close cleanly
                host.close_connection(options.plugin)


def _voice_snapshot(task: Task, send: Callable[[str], str], secrets: tuple[str, ...]) -> Any:
    from citynet.state import Snapshot, take_snapshot
    from citynet.state.features import VOICE_FEATURES

    host = task.host
    platform = str(host.platform or "cisco_iosxe")
    try:
        return take_snapshot(send, platform, VOICE_FEATURES)
    except Exception as exc:  # the config was read: the state is unreadable, not the device
        error = classify(
            exc,
            host=host.name,
            address=str(host.hostname),
            platform=Platform(platform),
            secrets=secrets,
        )
        return Snapshot(platform, {}, dict.fromkeys(VOICE_FEATURES, str(error)), host.name)


def _secrets(host: Any, options: ConnectionOptions) -> tuple[str, ...]:
    extras = host.get_connection_parameters(options.plugin).extras or {}
    return tuple(str(s) for s in (host.password, extras.get("secret")) if s)
