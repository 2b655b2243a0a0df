"""get_running_config against fake devices: guard, host keys, typed errors, retries, redaction."""

from __future__ import annotations

import pytest

from citynet.device.errors import (
    AuthenticationRefused,
    CommandRejected,
    DeviceFailure,
    HostKeyChanged,
    HostKeyUnknown,
    TimedOut,
    UnexpectedError,
    Unreachable,
)
from citynet.device.fake import load_script
from citynet.errors import TargetNotAllowedError
from citynet.workspace import parse_settings
from tasks.get_running_config import get_running_config
from tests.device.support import CREDENTIALS, DEVICES, HEALTHY, SETTINGS, FakeFleet, fake_fleet


def _run(fleet: FakeFleet) -> dict[str, BaseException | str]:
    result = fleet.nornir.run(task=get_running_config, settings=SETTINGS, options=fleet.options)
    return {
        name: multi[0].exception if multi.failed else multi[0].result
        for name, multi in result.items()
    }


def test_a_healthy_device_gives_its_config_redacted_and_is_closed() -> None:
    fleet = fake_fleet(HEALTHY)
    results = _run(fleet)
    for host in HEALTHY:
        text = results[host]
        assert isinstance(text, str)
        assert f"hostname {host}\n" in text
        assert "Canary" not in text
        assert "enable secret <redacted>\n" in text
        assert "Building configuration" not in text  # device noise dropped
        journal = fleet.scripts[host].journal
        assert (journal.opened, journal.passwords_offered, journal.closed) == (1, 1, 1)
        assert journal.commands == ["show running-config"]
    assert fleet.sleeps.calls == []


def test_the_target_guard_refuses_before_anything_is_sent() -> None:
    fleet = fake_fleet(["fs01-rtr01", "pw1-acc01"])
    settings = parse_settings({"safety": {"allowed_targets": ["127.99.0.0/16"]}})
    result = fleet.nornir.run(task=get_running_config, settings=settings, options=fleet.options)
    assert sorted(result.failed_hosts) == ["fs01-rtr01", "pw1-acc01"]
    for name, multi in result.items():
        assert isinstance(multi[0].exception, TargetNotAllowedError)
        assert fleet.scripts[name].journal.opened == 0  # open() never called


@pytest.mark.parametrize(
    ("host", "error"), [("pd1-vg01", HostKeyUnknown), ("ch-vg01", HostKeyChanged)]
)
def test_a_host_key_not_known_is_refused_before_the_password_is_offered(
    host: str, error: type[DeviceFailure]
) -> None:
    fleet = fake_fleet([host])
    raised = _run(fleet)[host]
    assert type(raised) is error
    journal = fleet.scripts[host].journal
    assert journal.opened == 1  # tried once: never retried
    assert journal.passwords_offered == 0
    assert journal.commands == []
    assert fleet.sleeps.calls == []
    assert "no credential was sent" in str(raised)


EXPECTED = {
    # host: (error, attempts, back-off) with the default two retries
    "fs01-vg01": (AuthenticationRefused, 1, []),
    "pd1-vg01": (HostKeyUnknown, 1, []),
    "ch-vg01": (HostKeyChanged, 1, []),
    "ch-core01": (CommandRejected, 1, []),
    "ch-rtr01": (Unreachable, 3, [0.5, 1.0]),
}


def test_each_failure_gets_its_type_and_only_transient_ones_are_retried() -> None:
    fleet = fake_fleet(EXPECTED)
    results = _run(fleet)
    for host, (error, attempts, _) in EXPECTED.items():
        raised = results[host]
        assert type(raised) is error, f"{host}: {raised}"
        assert isinstance(raised, DeviceFailure)
        assert raised.attempts == attempts == fleet.scripts[host].journal.opened
        assert str(raised).startswith(
            f"{host} ({raised.address}): {error.status} after {attempts} attempt(s): "
        )
        assert CREDENTIALS.password not in str(raised)
    assert sorted(fleet.sleeps.calls) == [0.5, 1.0]  # ch-rtr01 alone waited


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("refused", Unreachable),
        ("no route", Unreachable),
        ("closed", Unreachable),
        ("timed out", TimedOut),
        ("read timed out", TimedOut),
    ],
)
def test_each_fault_the_fake_plays_is_transient(fault: str, error: type[DeviceFailure]) -> None:
    script = load_script(DEVICES / "fs01-rtr01")
    script.attempts = [fault]
    fleet = fake_fleet(["fs01-rtr01"], scripts={"fs01-rtr01": script}, retries=0)
    raised = _run(fleet)["fs01-rtr01"]
    assert type(raised) is error and error.transient
    script.journal = type(script.journal)()
    fleet = fake_fleet(["fs01-rtr01"], scripts={"fs01-rtr01": script}, retries=1)
    assert "hostname fs01-rtr01" in str(_run(fleet)["fs01-rtr01"])  # the next attempt works
    assert fleet.sleeps.calls == [0.5]


def test_the_backoff_doubles() -> None:
    fleet = fake_fleet(["ch-rtr01"], retries=4, backoff=0.25)
    raised = _run(fleet)["ch-rtr01"]
    assert isinstance(raised, Unreachable) and raised.attempts == 5
    assert fleet.sleeps.calls == [0.25, 0.5, 1.0, 2.0]


def test_a_slow_device_is_read_at_the_third_attempt() -> None:
    fleet = fake_fleet(["pd1-rtr01"])  # connect times out, then the command, then it answers
    text = _run(fleet)["pd1-rtr01"]
    assert isinstance(text, str) and "hostname pd1-rtr01\n" in text
    journal = fleet.scripts["pd1-rtr01"].journal
    assert (journal.opened, journal.passwords_offered, journal.closed) == (3, 2, 2)
    assert fleet.sleeps.calls == [0.5, 1.0]


def test_retries_run_out() -> None:
    fleet = fake_fleet(["pd1-rtr01"], retries=1)
    raised = _run(fleet)["pd1-rtr01"]
    assert isinstance(raised, TimedOut)
    assert "timed out after 2 attempt(s)" in str(raised)
    assert fleet.scripts["pd1-rtr01"].journal.closed == 1  # the session that hung is closed


def test_no_retries() -> None:
    fleet = fake_fleet(["pd1-rtr01"], retries=0)
    assert isinstance(_run(fleet)["pd1-rtr01"], TimedOut)
    assert fleet.sleeps.calls == []


def test_an_exception_of_an_unknown_type_is_not_retried_nor_called_a_timeout() -> None:
    script = load_script(DEVICES / "fs01-rtr01")
    script.attempts = [ZeroDivisionError("division by zero")]
    fleet = fake_fleet(["fs01-rtr01"], scripts={"fs01-rtr01": script})
    raised = _run(fleet)["fs01-rtr01"]
    assert isinstance(raised, UnexpectedError)
    assert "unexpected error (ZeroDivisionError): division by zero" in str(raised)
    assert "timed out" not in str(raised)
    assert script.journal.opened == 1 and fleet.sleeps.calls == []


def test_an_unknown_exception_after_a_transient_one_stops_the_retries() -> None:
    script = load_script(DEVICES / "fs01-rtr01")
    script.attempts = ["refused", LookupError("no such thing")]
    fleet = fake_fleet(["fs01-rtr01"], scripts={"fs01-rtr01": script})
    raised = _run(fleet)["fs01-rtr01"]
    assert isinstance(raised, UnexpectedError) and raised.attempts == 2
    assert fleet.sleeps.calls == [0.5]


def test_secrets_in_an_exception_message_are_redacted() -> None:
    script = load_script(DEVICES / "fs01-rtr01")
    script.attempts = [
        RuntimeError(f"AAA said: user netops password {CREDENTIALS.password} refused"),
    ]
    secondary = load_script(DEVICES / "pw1-acc01")
    secondary.attempts = [
        ValueError(f"enable {CREDENTIALS.enable_secret} snmp-server community Publ1c")
    ]
    fleet = fake_fleet(
        ["fs01-rtr01", "pw1-acc01"], scripts={"fs01-rtr01": script, "pw1-acc01": secondary}
    )
    results = _run(fleet)
    for host in ("fs01-rtr01", "pw1-acc01"):
        message = str(results[host])
        assert CREDENTIALS.password not in message
        assert CREDENTIALS.enable_secret not in message
        assert "Publ1c" not in message
        assert "<redacted>" in message


def test_a_device_that_does_not_show_its_config_is_a_rejected_command() -> None:
    fleet = fake_fleet(["ch-core01"])
    raised = _run(fleet)["ch-core01"]
    assert isinstance(raised, CommandRejected) and not raised.transient
    assert "'show running-config' returned no configuration: % Invalid input" in str(raised)
    assert fleet.scripts["ch-core01"].journal.closed == 1
