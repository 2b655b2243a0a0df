"""Entry point of the ``citynet`` command.

``main(argv, env, stdout, stderr)`` takes its streams so that tests call it
directly; ``run()`` is the console script. Command modules are light to
import (heavy libraries are imported inside handlers), so ``citynet --help``
stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Mapping, Sequence
from typing import IO, Any, NoReturn

from citynet import __version__
from citynet.cli.context import Context, ExitStatus
from citynet.errors import CitynetError

# Registry of top-level commands: name -> module. Each module defines HELP,
# configure(parser) and sets ``handler`` on its parser(s) with set_defaults.
COMMANDS: dict[str, str] = {
    "inventory": "citynet.cli.cmd_inventory",
    "render": "citynet.cli.cmd_render",
    "golden": "citynet.cli.cmd_golden",
    "validate": "citynet.cli.cmd_validate",
    "lab": "citynet.cli.cmd_lab",
    "backup": "citynet.cli.cmd_backup",
    "drift": "citynet.cli.cmd_drift",
    "diff": "citynet.cli.cmd_diff",
    "demo": "citynet.cli.cmd_demo",
}


class UsageError(Exception):
    """Raised by the parser instead of exiting, so main() can return 2."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that writes to the context's streams and never exits."""

    out: IO[str] = sys.stdout

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            self.out.write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            raise UsageError(message)
        raise _ParserExit(status)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message}\n{self.format_usage()}")


class _ParserExit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


def build_parser(out: IO[str]) -> Parser:
    """Build the full argument parser with every registered command."""
    Parser.out = out
    parser = Parser(
        prog="citynet",
        description="The City's network-as-code toolkit: inventory, render, drift, changes.",
    )
    parser.add_argument("--version", action="version", version=f"citynet {__version__}")
    parser.add_argument(
        "--root",
        metavar="DIR",
        help="workspace folder (holding inventory/, templates/, golden_configs/); "
        "default: found from the current directory upward",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        cmd = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.configure(cmd)
    return parser


def main(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> ExitStatus:
    """Run one citynet command and return its exit status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    environ = dict(os.environ if env is None else env)
    parser = build_parser(out)
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except UsageError as exc:
        err.write(str(exc))
        return ExitStatus.USAGE
    except _ParserExit as exc:
        return ExitStatus(exc.status)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return ExitStatus.USAGE
    ctx = Context(stdout=out, stderr=err, env=environ, root_arg=args.root)
    try:
        return ExitStatus(handler(args, ctx))
    except CitynetError as exc:
        err.write(f"error: {exc}\n")
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return ExitStatus.ERROR


def run() -> NoReturn:
    """Console-script entry point."""
    try:
        status = int(main())
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``citynet ... | head``): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = int(ExitStatus.SUCCESS)
    sys.exit(status)
