"""The typed connection errors: which are retried, the words the reports show, the advice."""

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
    is_transient,
)
from citynet.errors import DeviceConnectionError, TargetNotAllowedError

TABLE = [
    # error, transient, status words in the backup and drift reports, what to do
    (AuthenticationRefused, False, "authentication refused", "CITYNET_USERNAME"),
    (HostKeyUnknown, False, "unknown host key", "citynet lab up"),
    (HostKeyChanged, False, "host key changed", "out of band"),
    (Unreachable, True, "unreachable", "address and port"),
    (TimedOut, True, "timed out", "--timeout"),
    (CommandRejected, False, "command rejected", "privilege level"),
]


@pytest.mark.parametrize(("error", "transient", "status", "advice"), TABLE)
def test_each_error_says_whether_to_retry_and_what_to_do(
    error: type[DeviceFailure], transient: bool, status: str, advice: str
) -> None:
    assert issubclass(error, DeviceConnectionError)
    assert error.transient is transient
    raised = error("fs01-rtr01", "127.10.21.1", "the device's words", attempts=2)
    assert is_transient(raised) is transient
    assert str(raised).startswith(
        f"fs01-rtr01 (127.10.21.1): {status} after 2 attempt(s): the device's words; "
    )
    assert advice in str(raised)
    assert (raised.host, raised.address, raised.attempts) == ("fs01-rtr01", "127.10.21.1", 2)


def test_no_credential_is_sent_to_an_unverified_host() -> None:
    for error in (HostKeyUnknown, HostKeyChanged):
        assert "no credential was sent" in str(error("h", "127.0.0.1", "x"))


def test_an_unexpected_error_names_its_type_and_is_never_retried() -> None:
    error = UnexpectedError("h", "127.0.0.1", "boom", kind="KeyError", attempts=3)
    assert not error.transient and not is_transient(error)
    assert str(error).startswith("h (127.0.0.1): unexpected error (KeyError): boom (attempt 3,")
    assert "timed out" not in str(error)


def test_only_typed_errors_are_transient() -> None:
    assert not is_transient(TargetNotAllowedError("x"))
    assert not is_transient(TimeoutError("a plain timeout is classified first"))
