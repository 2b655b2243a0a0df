"""Nornir task: push one device's approved change (the logic is citynet.push.device)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from nornir.core.task import Result, Task

from citynet.device.connection import netmiko_handler
from citynet.device.options import ConnectionOptions
from citynet.device.targets import check_target
from citynet.push.candidate import CandidateSource
from citynet.push.checks import Checker
from citynet.push.device import (
    NOT_ATTEMPTED,
    CandidateLoader,
    DeviceOutcome,
    DeviceWork,
    PushOptions,
    Recorder,
    Replacer,
    push_device,
)
from citynet.push.gate import PushToken
from citynet.push.replace import ReplaceResult, ReplaceTarget, Verifier, replace_device
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


def replace_with(
    task: Task, connection: ConnectionOptions, secrets: Secrets, revert_minutes: int
) -> Replacer:
    """A function that replaces the task host's configuration through NAPALM (its own session,
    with the host's NAPALM parameters: credentials, port, strict host keys)."""
    from citynet.device.credentials import Credentials

    host = task.host
    params = host.get_connection_parameters("napalm")
    optional = dict((params.extras or {}).get("optional_args") or {})
    target = ReplaceTarget(
        host.name,
        str(params.hostname),
        int(optional.get("port") or params.port or 22),
        Credentials(str(params.username), str(params.password), str(optional.get("secret", ""))),
        Path(str(optional.get("alt_key_file", ""))),
    )

    def replace(candidate: str, verify: Verifier) -> ReplaceResult:
        return replace_device(
            host.name,
            candidate,
            revert_minutes=revert_minutes,
            target=target,
            resolver=secrets.values.get,
            verify=verify,
            options=connection,
        )

    return replace


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
    candidates: CandidateSource | None = None,
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
    loader: CandidateLoader | None = None
    replacer: Replacer | None = None
    if work.mode == "replace" and candidates is not None and work.done_state != "rolled back":
        sha = work.candidate_sha256

        def loader() -> str:
            return candidates.load(task.host.name, sha)

        replacer = replace_with(task, connection, secrets, options.confirm_timeout)
    outcome = push_device(
        token,
        work,
        opener=session_opener(task, connection),
        checker=checker,
        recorder=recorder,
        secrets=secrets,
        options=options,
        candidate=loader,
        replacer=replacer,
    )
    changed = outcome.succeeded and not options.dry_run
    return Result(host=task.host, result=outcome, changed=changed, failed=outcome.failed)
