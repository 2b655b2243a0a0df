"""What the device-reading commands share: options, credentials, the Nornir object."""

from __future__ import annotations

import argparse
import sys
from typing import IO, Any

from citynet.cli import common
from citynet.cli.context import Context


def add_connection_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connections")
    group.add_argument(
        "--workers",
        type=int,
        default=20,
        metavar="N",
        help="devices collected in parallel (default: 20)",
    )
    group.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="connect timeout per device, seconds (default: 10)",
    )
    group.add_argument(
        "--read-timeout",
        type=float,
        default=60.0,
        metavar="S",
        help="read timeout per command, seconds (default: 60)",
    )
    group.add_argument(
        "--retries",
        type=int,
        default=2,
        metavar="N",
        help="retries of a transient failure, with back-off (default: 2)",
    )


class Progress:
    """A one-line progress count on a terminal (silent when not a terminal)."""

    def __init__(self, stream: IO[str], total: int, label: str) -> None:
        self.stream, self.total, self.label, self.done = stream, total, label, 0
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())

    # Nornir processor interface
    def task_started(self, task: Any) -> None: ...
    def task_completed(self, task: Any, result: Any) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 60 + "\r")

    def task_instance_started(self, task: Any, host: Any) -> None: ...
    def subtask_instance_started(self, task: Any, host: Any) -> None: ...
    def subtask_instance_completed(self, task: Any, host: Any, result: Any) -> None: ...

    def task_instance_completed(self, task: Any, host: Any, result: Any) -> None:
        self.done += 1
        if self.enabled:
            self.stream.write(f"\r{self.label} {self.done}/{self.total}")
            self.stream.flush()


def _prompt(label: str) -> str:
    """Ask at the terminal (never echoed) for a credential the environment does not give."""
    import getpass

    return getpass.getpass(label)


def fleet(args: argparse.Namespace, ctx: Context, label: str) -> tuple[Any, Any, Any, Any]:
    """(workspace, inventory, selected views, nornir) for a command that reads devices."""
    from citynet.device.credentials import credentials_from_env
    from citynet.device.fleet import make_nornir
    from citynet.device.hostkeys import known_hosts_path
    from citynet.device.options import ConnectionOptions
    from citynet.inventory.filters import select

    workspace = ctx.workspace()
    inventory = common.load_inventory(ctx)
    views = select(inventory, common.host_filter(args))
    credentials = credentials_from_env(ctx.env, prompt=_prompt if ctx.stdin_isatty else None)
    options = ConnectionOptions(
        conn_timeout=args.timeout, read_timeout=args.read_timeout, retries=args.retries
    )
    nornir = make_nornir(
        inventory,
        [v.name for v in views],
        workers=args.workers,
        credentials=credentials,
        known_hosts=known_hosts_path(workspace),
        options=options,
    )
    progress = Progress(ctx.stderr if ctx.stderr is not None else sys.stderr, len(views), label)
    nornir = nornir.with_processors([progress])
    return workspace, inventory, views, (nornir, options)
