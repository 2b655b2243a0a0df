"""Entry point of the ``citynet`` command.

``main(argv, env, stdout, stderr, stdin)`` takes its streams so that tests call
it directly; ``run()`` is the console script. Command modules are light to
import (heavy libraries are imported inside handlers), so ``citynet --help``
stays fast.

How a run ends: the handler's status; ``error: ...`` and 1 for a
:class:`CitynetError` (its message as its author built it); one line naming
an unexpected exception and 1, or the whole traceback with ``--traceback``,
both redacted; ``interrupted`` and 130 for Ctrl-C, wherever it comes.
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
from citynet.cli.streams import PipeGuard, isatty
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
    "change": "citynet.cli.cmd_change",
    "audit": "citynet.cli.cmd_audit",
    "voice": "citynet.cli.cmd_voice",
    "testbed": "citynet.cli.cmd_testbed",
}


SECRET_VARIABLES = ("CITYNET_PASSWORD", "CITYNET_ENABLE_SECRET", "CITYNET_SECRET_HMAC_KEY")
"""Environment variables whose values never reach an error message or traceback."""


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
    parser.add_argument(
        "--traceback",
        action="store_true",
        help="on an error, print the whole (redacted) traceback instead of one line",
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
    stdin: IO[str] | None = None,
) -> ExitStatus:
    """Run one citynet command and return its exit status (never raises, bar SystemExit)."""
    err = stderr if stderr is not None else sys.stderr
    try:
        return _run_command(
            list(sys.argv[1:] if argv is None else argv),
            dict(os.environ if env is None else env),
            stdout if stdout is not None else sys.stdout,
            err,
            stdin if stdin is not None else sys.stdin,
        )
    except KeyboardInterrupt:
        # Anywhere: importing a command, parsing, running, reporting an error.
        err.write("interrupted\n")
        return ExitStatus.INTERRUPTED


def _run_command(
    argv: list[str], env: dict[str, str], out: IO[str], err: IO[str], stdin: IO[str]
) -> ExitStatus:
    try:
        parser = build_parser(out)
        args = parser.parse_args(argv)
    except UsageError as exc:
        err.write(str(exc))
        return ExitStatus.USAGE
    except _ParserExit as exc:
        return ExitStatus(exc.status)
    except Exception as exc:  # a command's configure() is broken: still one line
        # --traceback is a global option: before the command, as the parser reads it.
        return _unexpected(exc, err, env, show_traceback="--traceback" in argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return ExitStatus.USAGE
    ctx = Context(
        stdout=out,
        stderr=err,
        env=env,
        root_arg=args.root,
        stdin=stdin,
        stdin_isatty=isatty(stdin),
        stderr_isatty=isatty(err),
    )
    try:
        return ExitStatus(handler(args, ctx))
    except CitynetError as exc:
        if args.traceback:
            err.write(_redacted_traceback(exc, env))
        else:
            err.write(f"error: {exc}\n")
        return ExitStatus.ERROR
    except Exception as exc:
        return _unexpected(exc, err, env, show_traceback=args.traceback)


def _unexpected(
    exc: Exception, err: IO[str], env: Mapping[str, str], *, show_traceback: bool
) -> ExitStatus:
    """Report a bug: one redacted line naming the exception, or the redacted traceback."""
    if show_traceback:
        err.write(_redacted_traceback(exc, env))
        return ExitStatus.ERROR
    kind = type(exc)
    name = kind.__qualname__
    if kind.__module__ != "builtins":
        name = f"{kind.__module__}.{name}"
    message = " ".join(redact_secrets(str(exc), env).split())
    err.write(
        f"error: unexpected {name}{': ' + message if message else ''}"
        " (run again with --traceback for details)\n"
    )
    return ExitStatus.ERROR


def _redacted_traceback(exc: BaseException, env: Mapping[str, str]) -> str:
    import traceback

    return redact_secrets("".join(traceback.format_exception(exc)), env).rstrip("\n") + "\n"


def redact_secrets(text: str, env: Mapping[str, str]) -> str:
    """``text`` without configuration secrets or the credential values of ``env``.

    >>> redact_secrets("rejected: enable secret 0 Sup3rS3cret", {})
    'rejected: enable secret <redacted>'
    >>> redact_secrets("login as admin/Hunter2x failed", {"CITYNET_PASSWORD": "Hunter2x"})
    'login as admin/<redacted> failed'
    """
    from citynet.ios.redact import REDACTED, redact_text

    for name in SECRET_VARIABLES:
        value = env.get(name)
        if value:
            text = text.replace(value, REDACTED)
    return redact_text(text)


def run() -> NoReturn:
    """Console-script entry point.

    The real stdout and stderr go through :class:`PipeGuard`, so
    ``citynet ... | head`` ends quietly with the status the command would have
    had anyway; Ctrl-C outside ``main()``'s reach still exits 130 in one line.
    """
    stdout, stderr = PipeGuard(sys.stdout), PipeGuard(sys.stderr)
    try:
        status = main(stdout=stdout, stderr=stderr)
        stdout.flush()
    except KeyboardInterrupt:
        stderr.write("interrupted\n")
        status = ExitStatus.INTERRUPTED
    sys.exit(int(status))
