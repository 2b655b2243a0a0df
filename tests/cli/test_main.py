"""How a ``citynet`` run ends: Ctrl-C, errors, bugs, ``--traceback``, secrets, broken pipes."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from citynet.cli import main as cli_main
from citynet.cli.context import Context, ExitStatus
from citynet.errors import CitynetError
from tests.support import FIXTURES, PROJECT

RUNNING = FIXTURES / "cli" / "running.cfg"
GOLDEN = FIXTURES / "cli" / "golden.cfg"
SECRET = "Sup3rS3cret"
PASSWORD = "Corr3ct-Horse"
ENV = {"CITYNET_PASSWORD": PASSWORD}

Handler = Callable[[argparse.Namespace, Context], int]


@pytest.fixture
def command(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Handler], None]]:
    """``citynet probe``: a registered command whose handler each test chooses."""
    module = types.ModuleType("citynet_probe_command")
    chosen: list[Handler] = []

    def configure(parser: argparse.ArgumentParser) -> None:
        parser.set_defaults(handler=lambda args, ctx: chosen[-1](args, ctx))

    module.HELP = "a command for the tests"  # type: ignore[attr-defined]
    module.configure = configure  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setitem(cli_main.COMMANDS, "probe", module.__name__)
    yield chosen.append


def raising(exc: BaseException) -> Handler:
    def handler(args: argparse.Namespace, ctx: Context) -> int:
        raise exc

    return handler


@contextlib.contextmanager
def no_escaping_ctrl_c() -> Iterator[None]:
    """Fail the test (rather than stop pytest) when a KeyboardInterrupt gets out."""
    try:
        yield
    except KeyboardInterrupt:
        pytest.fail("KeyboardInterrupt escaped from the CLI")


def call(*argv: str, **streams: Any) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with no_escaping_ctrl_c():
        code = cli_main.main(list(argv), env=ENV, stdout=out, stderr=err, **streams)
    return int(code), out.getvalue(), err.getvalue()


# Ctrl-C


def test_ctrl_c_in_a_handler_exits_130_with_one_line(command: Any) -> None:
    command(raising(KeyboardInterrupt()))
    assert call("probe") == (130, "", "interrupted\n")
    assert ExitStatus.INTERRUPTED == 130


def test_ctrl_c_while_parsing_exits_130(command: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def ctrl_c(text: str) -> str:
        raise KeyboardInterrupt

    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--count", type=ctrl_c)

    monkeypatch.setattr(sys.modules["citynet_probe_command"], "configure", configure)
    assert call("probe", "--count", "3") == (130, "", "interrupted\n")


def test_ctrl_c_while_importing_the_commands_exits_130(
    command: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def configure(parser: argparse.ArgumentParser) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules["citynet_probe_command"], "configure", configure)
    assert call("--help") == (130, "", "interrupted\n")


def test_ctrl_c_outside_main_exits_130_from_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(**streams: Any) -> ExitStatus:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_main, "main", interrupted)
    with no_escaping_ctrl_c(), pytest.raises(SystemExit) as exit_:
        cli_main.run()
    assert exit_.value.code == 130
    assert capsys.readouterr().err == "interrupted\n"


def test_a_real_sigint_exits_130_without_a_traceback() -> None:
    script = (
        "import os, signal, sys, types\n"
        "from citynet.cli import main\n"
        "probe = types.ModuleType('probe')\n"
        "probe.HELP = 'x'\n"
        "def wait(args, ctx):\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    signal.pause()\n"
        "probe.configure = lambda parser: parser.set_defaults(handler=wait)\n"
        "sys.modules['probe'] = probe\n"
        "main.COMMANDS['probe'] = 'probe'\n"
        "sys.argv = ['citynet', 'probe']\n"
        "main.run()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stderr) == (130, "interrupted\n")


# Errors and bugs


def test_a_citynet_error_is_one_line(command: Any) -> None:
    command(raising(CitynetError("no site named 'X'; see 'citynet inventory list'")))
    assert call("probe") == (1, "", "error: no site named 'X'; see 'citynet inventory list'\n")


def test_a_citynet_error_with_traceback_shows_where_it_came_from(command: Any) -> None:
    command(raising(CitynetError("no site named 'X'")))
    code, _, err = call("--traceback", "probe")
    assert code == 1
    assert err.startswith("Traceback (most recent call last):\n")
    assert err.endswith("citynet.errors.CitynetError: no site named 'X'\n")


def test_an_unexpected_exception_is_one_line_naming_it(command: Any) -> None:
    command(raising(ZeroDivisionError("division by zero")))
    code, out, err = call("probe")
    assert (code, out) == (1, "")
    assert err == (
        "error: unexpected ZeroDivisionError: division by zero "
        "(run again with --traceback for details)\n"
    )


def test_an_unexpected_exception_from_a_library_names_its_module(command: Any) -> None:
    command(raising(argparse.ArgumentTypeError("bad\nvalue")))
    _, _, err = call("probe")
    assert err.startswith("error: unexpected argparse.ArgumentTypeError: bad value (run again")
    assert err.count("\n") == 1


def test_traceback_flag_prints_the_traceback(command: Any) -> None:
    command(raising(ZeroDivisionError("division by zero")))
    code, _, err = call("--traceback", "probe")
    assert code == 1
    assert err.startswith("Traceback (most recent call last):\n")
    assert "in handler\n" in err and "raise exc" in err
    assert err.endswith("ZeroDivisionError: division by zero\n")
    assert "--traceback for details" not in err


def test_a_broken_command_module_is_one_line_too(
    command: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def configure(parser: argparse.ArgumentParser) -> None:
        raise RuntimeError("configure is broken")

    monkeypatch.setattr(sys.modules["citynet_probe_command"], "configure", configure)
    code, _, err = call("probe")
    assert (code, err.count("\n"), "Traceback" in err) == (1, 1, False)
    assert "RuntimeError: configure is broken" in err
    code, _, err = call("--traceback", "probe")
    assert code == 1 and err.startswith("Traceback (most recent call last):\n")


@pytest.mark.parametrize("traceback", [False, True], ids=["one line", "--traceback"])
@pytest.mark.parametrize(
    "exc",
    [
        ValueError(f"device rejected 'enable secret 0 {SECRET}'"),
        RuntimeError(f"push failed:\n snmp-server community {SECRET} RO\n% Invalid input"),
        ConnectionError(f"login netops/{PASSWORD} refused"),
    ],
    ids=["enable secret", "multi-line", "password from the environment"],
)
def test_no_secret_in_either_form(command: Any, exc: Exception, traceback: bool) -> None:
    command(raising(exc))
    code, out, err = call(*(["--traceback"] if traceback else []), "probe")
    assert code == 1
    assert ("Traceback" in err) is traceback
    assert "<redacted>" in err
    assert SECRET not in err and PASSWORD not in err and SECRET not in out


def test_no_secret_in_the_traceback_of_a_citynet_error(command: Any) -> None:
    # Its one line is the message as its author built it (redacted there); the
    # traceback can hold more, so it is redacted here.
    command(raising(CitynetError(f"push failed: enable secret 0 {SECRET}")))
    code, _, err = call("--traceback", "probe")
    assert code == 1
    assert "push failed: enable secret <redacted>" in err and SECRET not in err


def test_a_secret_in_the_raising_source_line_is_redacted(command: Any) -> None:
    def handler(args: argparse.Namespace, ctx: Context) -> int:
        raise ValueError("enable secret 0 Sup3rS3cret")  # the traceback quotes this line

    command(handler)
    _, _, err = call("--traceback", "probe")
    assert 'raise ValueError("enable secret' in err
    assert SECRET not in err


# Standard input and the terminal, from the Context


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_handlers_get_stdin_and_terminal_state_from_main(command: Any) -> None:
    seen: list[Context] = []

    def handler(args: argparse.Namespace, ctx: Context) -> int:
        seen.append(ctx)
        return 0

    command(handler)
    terminal = Terminal("typed\n")
    assert call("probe", stdin=terminal)[0] == 0
    assert seen[-1].stdin is terminal and seen[-1].stdin.read() == "typed\n"
    assert (seen[-1].stdin_isatty, seen[-1].stderr_isatty) == (True, False)
    out, err = io.StringIO(), Terminal()
    cli_main.main(["probe"], env={}, stdout=out, stderr=err, stdin=io.StringIO())
    assert (seen[-1].stdin_isatty, seen[-1].stderr_isatty) == (False, True)


def test_a_context_alone_has_no_input_and_no_terminal() -> None:
    ctx = Context(stdout=io.StringIO(), stderr=io.StringIO(), env={})
    assert ctx.stdin.read() == ""
    assert (ctx.stdin_isatty, ctx.stderr_isatty) == (False, False)


# Broken pipes: the reader goes away, the exit status stays


class ClosedPipe(io.StringIO):
    """A stdout whose reader has gone: every write and flush fails."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["diff", str(RUNNING), str(GOLDEN)], 3),
        (["diff", str(GOLDEN), str(GOLDEN)], 0),
        (["diff", str(RUNNING), str(RUNNING.with_name("missing.cfg"))], 1),
        (["--root", str(PROJECT), "inventory", "list"], 0),
        (["--help"], 0),
    ],
    ids=["differences", "clean", "error", "long output", "help"],
)
def test_run_keeps_the_exit_status_when_stdout_is_closed(
    argv: list[str],
    status: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sys, "argv", ["citynet", *argv])
    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    with pytest.raises(SystemExit) as exit_:
        cli_main.run()
    assert exit_.value.code == status
    assert "BrokenPipe" not in capsys.readouterr().err


def _citynet(*argv: str, stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "citynet", *argv],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("argv", "status"),
    [
        (["diff", str(RUNNING), str(GOLDEN)], 3),
        (["inventory", "list", "--format", "json"], 0),
        (["diff", str(RUNNING), "missing.cfg"], 1),
    ],
    ids=["differences", "long output", "error"],
)
def test_the_console_script_keeps_its_status_into_a_closed_pipe(
    argv: list[str], status: int
) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before citynet writes a byte
    try:
        result = _citynet(*argv, stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == status
    assert "BrokenPipe" not in result.stderr and "Traceback" not in result.stderr


def test_the_console_script_piped_into_head() -> None:
    pipeline = f"{sys.executable} -m citynet diff {RUNNING} {GOLDEN} | head -c1"
    result = subprocess.run(
        ["bash", "-c", pipeline + '; exit "${PIPESTATUS[0]}"'],
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode, len(result.stdout), result.stderr) == (3, 1, "")
