"""Nornir task: a snapshot of a host's operational state, for the features a change touches."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from nornir.core.task import Result, Task

from citynet.device.options import ConnectionOptions
from citynet.device.targets import check_target
from citynet.workspace import Settings


def host_role(task: Task) -> str:
    """The host's role from its ``role_*`` group (empty when it has none)."""
    return next(
        (g.name.removeprefix("role_") for g in task.host.groups if g.name.startswith("role_")), ""
    )


def check_state(
    task: Task,
    *,
    touched: Sequence[str],
    settings: Settings,
    options: ConnectionOptions,
    role: str | None = None,
) -> Result:
    """The state features a change touching ``touched`` can affect, read and parsed.

    ``touched`` are diff-engine feature names (``ntp``, ``voice-dial-peers`` ...);
    :func:`citynet.state.features_for` picks the state features (every voice feature on a
    voice gateway). The result is a :class:`citynet.state.Snapshot`; a show command the
    device rejects is an error inside the snapshot (``failed`` stays False), a lost
    connection propagates. Changes nothing, dry run or not.

    Raises:
        TargetNotAllowedError: the address is outside the allowed ranges (nothing is sent).
    """
    from citynet.state import features_for, take_snapshot

    host = task.host
    check_target(str(host.hostname), settings, host.name)
    wanted = features_for(tuple(touched), host_role(task) if role is None else role)
    try:
        connection = host.get_connection(options.plugin, task.nornir.config)

        def send(command: str) -> str:
            return str(connection.send_command(command, read_timeout=options.read_timeout))

        snapshot = take_snapshot(send, str(host.platform or "cisco_iosxe"), wanted)
    finally:
        if options.plugin in host.connections:
            with contextlib.suppress(Exception):  # a broken session may not close cleanly
                host.close_connection(options.plugin)
    return Result(host=host, result=snapshot, changed=False, features=wanted)
