"""Failures are classified by exception type, as netmiko and paramiko really raise them."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from typing import Any

import paramiko
import pytest
from netmiko.exceptions import (
    ConfigInvalidException,
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadException,
    ReadTimeout,
)

from citynet.device.classify import classify, failure_chain
from citynet.device.connection import netmiko_handler
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
from citynet.device.hostkeys import load_known_hosts, make_policy, verify_server_key
from citynet.errors import TargetNotAllowedError
from tests.device.support import DEVICES, KNOWN_HOSTS

KNOWN_KEY = load_script(DEVICES / "fs01-rtr01").host_key  # registered for 127.10.21.1
OTHER_KEY = load_script(DEVICES / "pd1-vg01").host_key  # registered for no one


def _raise(exc: BaseException) -> Callable[..., None]:
    def connect(client: Any, hostname: str, port: int = 22, **kwargs: Any) -> None:
        raise exc

    return connect


def _wrapped(outer: BaseException, inner: BaseException) -> Callable[..., None]:
    """paramiko raising ``outer`` while handling ``inner`` (as its banner check does)."""

    def connect(client: Any, hostname: str, port: int = 22, **kwargs: Any) -> None:
        try:
            raise inner
        except type(inner):
            raise outer  # noqa: B904 (implicit chaining is the point)

    return connect


def _presents(key: Any) -> Callable[..., None]:
    """The key exchange done, the server presents ``key``: paramiko's own check follows."""

    def connect(client: Any, hostname: str, port: int = 22, **kwargs: Any) -> None:
        verify_server_key(client, hostname, port, key)
        raise AssertionError("the key was accepted")

    return connect


NETMIKO_CASES = {
    "TCP refused": (_raise(ConnectionRefusedError(errno.ECONNREFUSED, "refused")), Unreachable),
    "no route": (_raise(OSError(errno.EHOSTUNREACH, "No route to host")), Unreachable),
    "network down": (_raise(OSError(errno.ENETUNREACH, "Network is unreachable")), Unreachable),
    "TCP connect timeout": (_raise(TimeoutError("timed out")), TimedOut),
    "password refused": (_raise(paramiko.AuthenticationException("failed")), AuthenticationRefused),
    "auth type refused": (
        _raise(paramiko.BadAuthenticationType("Bad authentication type", ["publickey"])),
        AuthenticationRefused,
    ),
    "unknown host key": (_presents(KNOWN_KEY), HostKeyUnknown),  # at an unregistered address
    "changed host key": (_presents(OTHER_KEY), HostKeyChanged),
    "closed before the banner": (
        _wrapped(paramiko.SSHException("Error reading SSH protocol banner"), EOFError()),
        Unreachable,
    ),
    "no banner in time": (
        _wrapped(paramiko.SSHException("Error reading SSH protocol banner"), TimeoutError()),
        TimedOut,
    ),
    "no common algorithm": (
        _raise(paramiko.SSHException("Incompatible ssh peer (no acceptable kex algorithm)")),
        UnexpectedError,
    ),
}


@pytest.fixture
def handler(request: pytest.FixtureRequest) -> Iterator[Any]:
    address = "127.10.3.99" if request.node.callspec.id == "unknown host key" else "127.10.21.1"
    built = netmiko_handler(
        address,
        "netops",
        "Fixture-Passw0rd",
        22,
        "cisco_xe",
        {"host_key_policy": make_policy(load_known_hosts(KNOWN_HOSTS)), "conn_timeout": 1},
    )
    yield built
    built.disconnect()


@pytest.mark.parametrize(("connect", "expected"), NETMIKO_CASES.values(), ids=NETMIKO_CASES)
def test_netmiko_failures_are_classified_by_type(
    handler: Any,
    connect: Callable[..., None],
    expected: type[DeviceFailure],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(paramiko.SSHClient, "connect", connect)
    with pytest.raises(Exception) as raised:
        handler.establish_connection()  # netmiko's own code wraps what paramiko raised
    error = classify(raised.value, host="fs01-rtr01", address=handler.host)
    assert type(error) is expected, str(error)
    assert str(error).startswith(f"fs01-rtr01 ({handler.host}): {error.status}")


def test_an_ssh_error_citynet_does_not_know_is_reported_with_its_own_type() -> None:
    try:
        try:
            raise paramiko.SSHException("Incompatible ssh peer (no acceptable kex algorithm)")
        except paramiko.SSHException as exc:
            raise NetmikoTimeoutException(f"A paramiko SSHException occurred:\n\n{exc}") from exc
    except NetmikoTimeoutException as wrapped:
        error = classify(wrapped, host="h", address="127.0.0.1")
    assert isinstance(error, UnexpectedError)
    assert "unexpected error (SSHException): Incompatible ssh peer" in str(error)


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (NetmikoAuthenticationException("words that mean nothing"), AuthenticationRefused),
        (NetmikoTimeoutException("Timed out waiting for data"), TimedOut),
        (ReadTimeout("Pattern not detected"), TimedOut),
        (ConfigInvalidException("Invalid input detected at command: x"), CommandRejected),
        (ConnectionResetError(errno.ECONNRESET, "reset"), Unreachable),
        (EOFError(), Unreachable),
        (BrokenPipeError(errno.EPIPE, "broken pipe"), Unreachable),
        # Messages that read like known failures, in types that are not: never matched.
        (ValueError("Authentication to device failed."), UnexpectedError),
        (RuntimeError("TCP connection to device failed."), UnexpectedError),
        (KeyError("not found in known_hosts"), UnexpectedError),
        (OSError("Socket is closed"), UnexpectedError),
        (ReadException("Unable to successfully split output"), UnexpectedError),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, BaseException) else "",
)
def test_the_type_decides_never_the_message(exc: BaseException, expected: type) -> None:
    assert type(classify(exc, host="h", address="127.0.0.1")) is expected


def test_an_unknown_type_is_not_called_a_timeout() -> None:
    error = classify(ZeroDivisionError("division by zero"), host="h", address="127.0.0.1")
    assert isinstance(error, UnexpectedError) and not error.transient
    assert error.kind == "ZeroDivisionError"
    assert "timed out" not in str(error)
    assert "unexpected error (ZeroDivisionError): division by zero" in str(error)


def test_an_error_already_typed_is_kept() -> None:
    refused = TargetNotAllowedError("x: refusing to connect")
    assert classify(refused, host="x", address="10.0.0.1") is refused


def test_secrets_in_a_message_are_redacted() -> None:
    leaky = ValueError("device said: username admin secret 0 Sup3rS3cret! and more")
    error = classify(leaky, host="h", address="127.0.0.1")
    assert "Sup3rS3cret!" not in str(error)
    assert "username admin secret <redacted>" in str(error)
    rejected = ConfigInvalidException(
        "Invalid input detected at command: snmp-server community Publ1cC0mm RO, matched error: %"
    )
    assert "Publ1cC0mm" not in str(classify(rejected, host="h", address="127.0.0.1"))


def test_the_credentials_themselves_are_blanked_out() -> None:
    leaky = RuntimeError("login netops/Fixture-Passw0rd refused by the TACACS+ server")
    error = classify(leaky, host="h", address="127.0.0.1", secrets=("Fixture-Passw0rd", "ab"))
    assert "Fixture-Passw0rd" not in str(error)
    assert "netops/<redacted>" in str(error)


def test_only_the_first_line_of_a_message_is_kept() -> None:
    error = classify(RuntimeError("\n\nfirst line\nsecond line"), host="h", address="127.0.0.1")
    assert error.detail == "first line"  # type: ignore[attr-defined]
    assert classify(RuntimeError(), host="h", address="127.0.0.1").detail == "RuntimeError"  # type: ignore[attr-defined]


def test_the_chain_follows_only_wrappers() -> None:
    try:
        try:
            raise ConnectionRefusedError(errno.ECONNREFUSED, "refused")
        except ConnectionRefusedError:
            raise KeyError("a bug while handling it")  # noqa: B904
    except KeyError as bug:
        # A bug raised while handling a refused connection is a bug, not "unreachable".
        assert failure_chain(bug) == [bug]
        assert isinstance(classify(bug, host="h", address="127.0.0.1"), UnexpectedError)


def test_the_chain_ends_where_a_wrapper_suppressed_its_context() -> None:
    try:
        try:
            raise ConnectionRefusedError(errno.ECONNREFUSED, "refused")
        except ConnectionRefusedError:
            raise NetmikoTimeoutException("gave up") from None
    except NetmikoTimeoutException as wrapped:
        assert failure_chain(wrapped) == [wrapped]
        assert isinstance(classify(wrapped, host="h", address="127.0.0.1"), TimedOut)
