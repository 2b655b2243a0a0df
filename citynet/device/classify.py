"""An exception from netmiko, paramiko or the socket layer -> a typed connection error.

By type, never by message text. netmiko wraps every failure to open a session
in its ``NetmikoTimeoutException`` (raised while handling the real error, so
the real one is its ``__context__``), and paramiko wraps some in a bare
``SSHException``; :func:`failure_chain` looks through those two wrappers, and
the first exception in the chain whose type is known decides:

==========================================================  =========================
type                                                        error
==========================================================  =========================
``HostKeyUnknownError`` (citynet's host-key policy)         :class:`HostKeyUnknown`
``paramiko.BadHostKeyException``                            :class:`HostKeyChanged`
``paramiko.AuthenticationException`` (netmiko's too)        :class:`AuthenticationRefused`
``netmiko.ConfigInvalidException``                          :class:`CommandRejected`
``TimeoutError`` (``socket.timeout``), ``netmiko.ReadTimeout``  :class:`TimedOut`
``ConnectionError`` (refused, reset), ``EOFError``, an
``OSError`` with no route to the host or network            :class:`Unreachable`
``NetmikoTimeoutException`` wrapping nothing                :class:`TimedOut`
anything else                                               :class:`UnexpectedError`
==========================================================  =========================

Every message is redacted (:func:`citynet.ios.redact.redact_text`), and the
credentials themselves are blanked out of it.
"""

from __future__ import annotations

import errno
import functools
from collections.abc import Iterable

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
from citynet.errors import DeviceConnectionError
from citynet.ios.redact import REDACTED, redact_text
from citynet.platforms import Platform

UNREACHABLE_ERRNOS = frozenset(
    {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN}
)
"""``OSError`` numbers that mean the address cannot be reached (no route, link down)."""

MIN_SECRET_LENGTH = 4
"""Credentials shorter than this are not blanked out of messages (it would blank letters)."""

DETAIL_LENGTH = 300


@functools.cache
def _known_types() -> tuple[tuple[type[BaseException], type[DeviceFailure]], ...]:
    import paramiko
    from netmiko.exceptions import ConfigInvalidException, ReadTimeout

    from citynet.device.hostkeys import HostKeyUnknownError

    return (
        (HostKeyUnknownError, HostKeyUnknown),
        (paramiko.BadHostKeyException, HostKeyChanged),
        (paramiko.AuthenticationException, AuthenticationRefused),
        (ConfigInvalidException, CommandRejected),
        (ReadTimeout, TimedOut),
        (TimeoutError, TimedOut),
        (ConnectionError, Unreachable),
        (EOFError, Unreachable),
    )


def _is_wrapper(exc: BaseException) -> bool:
    import paramiko
    from netmiko.exceptions import NetmikoTimeoutException

    return isinstance(exc, NetmikoTimeoutException) or type(exc) is paramiko.SSHException


def _inner(exc: BaseException) -> BaseException | None:
    if exc.__cause__ is not None:
        return exc.__cause__
    return None if exc.__suppress_context__ else exc.__context__


def failure_chain(exc: BaseException) -> list[BaseException]:
    """``exc``, then what it wraps, for as long as it is a netmiko or paramiko wrapper."""
    chain = [exc]
    while _is_wrapper(chain[-1]):
        inner = _inner(chain[-1])
        if inner is None or inner in chain:
            break
        chain.append(inner)
    return chain


def kind_of(exc: BaseException) -> type[DeviceFailure] | None:
    """The error class for one exception by its type alone (None: not known)."""
    for known, error in _known_types():
        if isinstance(exc, known):
            return error
    if isinstance(exc, OSError) and exc.errno in UNREACHABLE_ERRNOS:
        return Unreachable
    from netmiko.exceptions import NetmikoTimeoutException

    if isinstance(exc, NetmikoTimeoutException) and _inner(exc) is None:
        return TimedOut  # netmiko's own timeout, wrapping nothing
    return None


def first_line(
    text: str, platform: Platform, secrets: Iterable[str] = (), default: str = ""
) -> str:
    """The first non-blank line of ``text``, credentials blanked out and redacted.

    >>> first_line("  enable secret 5 $1$x$y", Platform.CISCO_IOS, secrets=["ab"])
    'enable secret <redacted>'
    """
    for secret in secrets:
        if len(secret) >= MIN_SECRET_LENGTH:
            text = text.replace(secret, REDACTED)
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), default)
    return redact_text(line, platform)[:DETAIL_LENGTH]


def detail(exc: BaseException, platform: Platform, secrets: Iterable[str] = ()) -> str:
    """The first line of an exception's message (its type name when it has none), redacted.

    A changed host key is told by the two keys' fingerprints, which an engineer
    compares with the device's ``show ip ssh`` out of band.
    """
    import paramiko

    if isinstance(exc, paramiko.BadHostKeyException):
        return (
            f"server {exc.hostname!r} presents {exc.key.get_name()} {exc.key.fingerprint}; "
            f"known_hosts has {exc.expected_key.get_name()} {exc.expected_key.fingerprint}"
        )
    return first_line(str(exc), platform, secrets, default=type(exc).__name__)


def classify(
    exc: BaseException,
    *,
    host: str,
    address: str,
    platform: Platform = Platform.CISCO_IOSXE,
    attempts: int = 1,
    secrets: Iterable[str] = (),
) -> DeviceConnectionError:
    """The typed error for ``exc``, raised while connecting to ``host`` at ``address``.

    A :class:`~citynet.errors.DeviceConnectionError` (already typed) is returned as it is.

    >>> str(classify(ConnectionRefusedError(111, "Connection refused"),
    ...              host="fs01-rtr01", address="127.10.21.1"))  # doctest: +ELLIPSIS
    'fs01-rtr01 (127.10.21.1): unreachable after 1 attempt(s): [Errno 111] Connection refused; ...'
    >>> classify(KeyError("x"), host="h", address="127.0.0.1").status
    'unexpected error'
    """
    if isinstance(exc, DeviceConnectionError):
        return exc
    secrets = tuple(secrets)
    chain = failure_chain(exc)
    for link in chain:
        error = kind_of(link)
        if error is not None:
            return error(host, address, detail(link, platform, secrets), attempts=attempts)
    innermost = chain[-1]
    return UnexpectedError(
        host,
        address,
        detail(innermost, platform, secrets),
        kind=type(innermost).__name__,
        attempts=attempts,
    )
