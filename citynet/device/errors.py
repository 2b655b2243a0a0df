"""Typed connection errors: what went wrong with a device, and whether to try again.

Modelled on NAPALM's ``napalm/base/exceptions.py``: one class per way a
connection fails, all under :class:`citynet.errors.DeviceConnectionError`, so a
caller chooses by type. Each class says whether the failure is ``transient``
(worth a retry with back-off) and what the engineer should do; the message
names the host and its address and keeps the status words the backup and drift
reports have always shown ("authentication refused", "unknown host key", "host
key changed", "unreachable", "timed out").

Transient, and retried:

- :class:`TimedOut`: a busy device or a slow path answers on a second try.
- :class:`Unreachable`: a refused TCP connection, no route, a connection
  closed by the device. During a reload or a routing change the device refuses
  or is out of reach for a minute, then answers: a retry with back-off is the
  cheap way to tell that from a device that is gone.

Permanent, never retried:

- :class:`AuthenticationRefused`: the same credentials are refused again, and
  repeated failures can lock the account in the AAA server.
- :class:`HostKeyUnknown`, :class:`HostKeyChanged`: a safety rule, not a
  condition that passes; a changed key can mean someone is in the middle.
- :class:`CommandRejected`: the device answered and said no; it will again.
- :class:`UnexpectedError`: an exception citynet does not know. Retrying what is
  not understood hides it; reporting its type gets it understood.

These classes import no device library.
"""

from __future__ import annotations

from typing import ClassVar

from citynet.errors import DeviceConnectionError


class DeviceFailure(DeviceConnectionError):
    """A device could not be read. The base of the typed errors; never raised itself."""

    status: ClassVar[str] = "failed"
    """The words the reports show for this failure."""
    transient: ClassVar[bool] = False
    """Whether the failure may pass on its own, so that a retry is worth it."""
    advice: ClassVar[str] = ""
    """What to do about it."""

    def __init__(self, host: str, address: str, detail: str, *, attempts: int = 1) -> None:
        self.host = host
        self.address = address
        self.detail = detail
        self.attempts = attempts
        super().__init__(self.describe())

    def describe(self) -> str:
        """The message: host, address, status, attempts, the device's words, advice."""
        return (
            f"{self.host} ({self.address}): {self.status} after {self.attempts} attempt(s): "
            f"{self.detail}; {self.advice}"
        )


def is_transient(error: BaseException) -> bool:
    """Whether ``error`` is worth a retry (only a typed error can say so).

    >>> is_transient(TimedOut("h", "127.0.0.1", "no answer")), is_transient(ValueError())
    (True, False)
    """
    return isinstance(error, DeviceFailure) and error.transient


class AuthenticationRefused(DeviceFailure):
    """The device refused the username and password."""

    status = "authentication refused"
    advice = (
        "check CITYNET_USERNAME and CITYNET_PASSWORD (and the device's AAA); not retried, so "
        "the account is not locked out"
    )


class HostKeyUnknown(DeviceFailure):
    """The device's SSH host key is not in the project's known_hosts."""

    status = "unknown host key"
    advice = (
        "no credential was sent; for the lab run 'citynet lab up' (it registers its keys), for "
        "a real device check its key out of band and add it to state/known_hosts"
    )


class HostKeyChanged(DeviceFailure):
    """The device presents a host key other than the one in known_hosts."""

    status = "host key changed"
    advice = (
        "no credential was sent; the device was replaced or re-keyed, or someone is between "
        "you and it: check the key out of band before changing state/known_hosts"
    )


class Unreachable(DeviceFailure):
    """The TCP connection was refused, had no route, or was closed by the device."""

    status = "unreachable"
    transient = True
    advice = "check that the device is up and its address and port are right (retried)"


class TimedOut(DeviceFailure):
    """The device did not connect or answer in time."""

    status = "timed out"
    transient = True
    advice = "the device or the path to it is slow or down; raise --timeout/--read-timeout"


class CommandRejected(DeviceFailure):
    """The device refused a command (invalid input, or not authorised)."""

    status = "command rejected"
    advice = "check the command for this platform and the account's privilege level"


class UnexpectedError(DeviceFailure):
    """An exception of a type citynet does not classify. Never retried."""

    status = "unexpected error"

    def __init__(
        self, host: str, address: str, detail: str, *, kind: str, attempts: int = 1
    ) -> None:
        self.kind = kind
        super().__init__(host, address, detail, attempts=attempts)

    def describe(self) -> str:
        return (
            f"{self.host} ({self.address}): {self.status} ({self.kind}): {self.detail} "
            f"(attempt {self.attempts}, not retried); citynet does not know this failure: "
            "report it with this message"
        )
