"""Nornir task: collect a device's running configuration, redacted, with retries."""

from __future__ import annotations

import contextlib
import time

from nornir.core.task import Result, Task

from citynet.connect import ConnectionOptions, check_target
from citynet.errors import DeviceConnectionError
from citynet.ios.redact import redact_config, redact_text
from citynet.nornir_connections import CONNECTION_NAME
from citynet.platforms import Platform
from citynet.workspace import Settings

AUTH_REFUSED = "authentication refused"
HOST_KEY_UNKNOWN = "unknown host key"
HOST_KEY_CHANGED = "host key changed"
UNREACHABLE = "unreachable"
TIMEOUT = "timed out"
PERMANENT = (AUTH_REFUSED, HOST_KEY_UNKNOWN, HOST_KEY_CHANGED)


def classify(exc: BaseException) -> str:
    """What went wrong, in the words an engineer needs (and whether to retry)."""
    text = str(exc)
    name = type(exc).__name__
    if "Authentication" in name or "Authentication to device failed" in text:
        return AUTH_REFUSED
    if "not found in known_hosts" in text:
        return HOST_KEY_UNKNOWN
    if "BadHostKey" in name or "does not match" in text:
        return HOST_KEY_CHANGED
    if "TCP connection to device failed" in text or isinstance(exc, ConnectionRefusedError):
        return UNREACHABLE
    return TIMEOUT


def get_running_config(task: Task, *, settings: Settings, options: ConnectionOptions) -> Result:
    """``show running-config`` through netmiko; the result is already redacted.

    Transient failures (timeouts, dropped sessions) are retried with back-off;
    refused authentication and unknown or changed host keys are not.

    Raises:
        TargetNotAllowedError: the address is outside the allowed ranges (nothing is sent).
        DeviceConnectionError: the device could not be read; the message says why.
    """
    host = task.host
    check_target(str(host.hostname), settings, host.name)
    platform = Platform(str(host.platform))
    delay = options.backoff
    for attempt in range(options.retries + 1):
        try:
            connection = host.get_connection(CONNECTION_NAME, task.nornir.config)
            text = connection.send_command("show running-config", read_timeout=options.read_timeout)
            # Close here, in this worker thread: closing a fleet's sessions one by one
            # afterwards costs as much as reading them.
            host.close_connection(CONNECTION_NAME)
            break
        except Exception as exc:  # classified, then retried or re-raised below
            kind = classify(exc)
            with contextlib.suppress(Exception):  # the connection is already broken
                host.close_connection(CONNECTION_NAME)
            if kind in PERMANENT or attempt == options.retries:
                detail = redact_text(
                    str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                    platform,
                )
                raise DeviceConnectionError(
                    f"{host.name} ({host.hostname}): {kind} after {attempt + 1} attempt(s): "
                    f"{detail}"
                ) from None
            time.sleep(delay)
            delay *= 2
    if "hostname" not in text:
        raise DeviceConnectionError(
            f"{host.name}: 'show running-config' returned no "
            f"configuration: {redact_text(text[:200], platform)!r}"
        )
    return Result(host=host, result=redact_config(text, platform))
