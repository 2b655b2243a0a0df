"""Nornir task: push one device's approved change (the logic is citynet.push.device)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nornir.core.task import Result, Task

from citynet.device.connection import netmiko_handler
from citynet.device.options import ConnectionOptions
from citynet.device.targets import check_target
from citynet.push.checks import Checker
from citynet.push.device import (
    NOT_ATTEMPTED,
    DeviceOutcome,
    DeviceWork,
    PushOptions,
    Recorder,
    push_device,
)
from citynet.push.gate import PushToken
from citynet.push.secrets import Secrets
from citynet.workspace import Settings


def session_opener(task: Task, options: ConnectionOptions) -> Any:
    """A function that opens a new, independent netmiko session to the task's host."""
    host = task.host
    params = host.get_connection_parameters(options.plugin)

    def open_session() -> Any:
        handler = netmiko_handler(
            params.hostname,
            params.username,
            params.password,
            params.port,
            params.platform,
            dict(params.extras or {}),
        )
        try:
            handler._open()
            handler.enable()
        except BaseException:
            handler.disconnect()
            raise
        return handler

    return open_session


def push_config(
    task: Task,
    *,
    token: PushToken,
    work: DeviceWork,
    settings: Settings,
    connection: ConnectionOptions,
    checker: Checker,
    recorder: Recorder,
    secrets: Secrets,
    options: PushOptions,
    may_start: Callable[[], bool] | None = None,
) -> Result:
    """Push the approved change to this host; the result is its DeviceOutcome.

    Raises:
        TargetNotAllowedError: the address is outside the allowed ranges (nothing is sent).
        PushRefused: the token does not cover this host.
    """
    check_target(str(task.host.hostname), settings, task.host.name)
    if may_start is not None and not may_start():
        detail = "the rollout stopped before this device (failure threshold or halt)"
        if not options.dry_run:
            recorder.record(task.host.name, NOT_ATTEMPTED, "skipped", detail)
        outcome = DeviceOutcome(task.host.name, NOT_ATTEMPTED, detail, started=False)
        return Result(host=task.host, result=outcome)
    outcome = push_device(
        token,
        work,
        opener=session_opener(task, connection),
        checker=checker,
        recorder=recorder,
        secrets=secrets,
        options=options,
    )
    changed = outcome.succeeded and not options.dry_run
    return Result(host=task.host, result=outcome, changed=changed, failed=outcome.failed)
