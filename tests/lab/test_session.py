"""The CLI session without SSH: exec errors, enable, do, copy prompts."""

from __future__ import annotations

from citynet.lab.device import LabDevice, LabLogin
from citynet.lab.session import CliSession
from tests.lab.conftest import switch_config


def session(privilege: int = 1, config: str | None = None) -> CliSession:
    creds = LabLogin("admin", "pw", "secret", privilege)
    device = LabDevice("sw1", "127.0.0.1", 0, config or switch_config(), credentials=creds)
    return CliSession(device, "admin", lambda _: None, lambda: None)


def answer(cli: CliSession, line: str) -> str:
    assert cli.pending is not None
    handler, cli.pending = cli.pending, None
    return handler(line)


def test_lone_unknown_word_is_taken_for_a_host_name() -> None:
    cli = session(15)
    output = cli.execute("frobnicate")
    assert output.startswith('Translating "frobnicate"...domain server')
    assert "% Invalid input" in cli.execute("frobnicate now")
    quiet = session(
        15, switch_config().replace("hostname sw1", "hostname sw1\nno ip domain lookup")
    )
    assert quiet.execute("frob") == (
        "% Unknown command or computer name, or unable to find computer address"
    )


def test_enable_three_tries() -> None:
    cli = session()
    assert cli.prompt() == "sw1>"
    assert "% Invalid input" in cli.execute("configure terminal", len("sw1>"))
    cli.execute("enable")
    assert cli.pending_prompt == "Password: "
    assert answer(cli, "wrong") == ""
    assert answer(cli, "wrong") == ""
    assert answer(cli, "wrong") == "% Bad secrets\n"
    assert cli.prompt() == "sw1>"
    cli.execute("en")
    answer(cli, "secret")
    assert cli.prompt() == "sw1#"


def test_do_in_config_mode_and_exit_levels() -> None:
    cli = session(15)
    cli.execute("conf t")
    cli.execute("interface Loopback3")
    assert cli.prompt() == "sw1(config-if)#"
    assert "interface Loopback3" in cli.execute("do show running-config | section Loopback3")
    cli.execute("exit")
    assert cli.prompt() == "sw1(config)#"
    cli.execute("end")
    assert cli.prompt() == "sw1#"
