"""Nornir connection plugin ``citynet_fake``: scripted devices, for tests without sockets.

As NAPALM's mock driver: a device is a folder of canned answers. A device's
folder (``tests/fixtures/device/<host>/``) holds one file per command,
named after it (``show running-config`` -> ``show_running-config.txt``),
and ``device.yaml`` saying how the device behaves::

    host_key: ecdsa-sha2-nistp256 AAAA...   # the SSH host key it presents
    attempts: [refused, timed out]          # what the first connection attempts meet
    refuse_auth: false                      # refuse every username and password
    reject: [show running-config]           # answer these with "% Invalid input"

An attempt meets one of ``refused`` (TCP reset), ``no route``, ``timed out``
(TCP connect), ``closed`` (the device drops the SSH session before its banner)
or ``read timed out`` (connects, then never answers a command); attempts past
the list connect. A test may also put an exception in ``attempts``: it is
raised as it is.

The fake fails the way netmiko and paramiko fail, with the same exception
types wrapped the same way, so :mod:`citynet.device.classify` is tested
against them. It builds its netmiko object with the real plugin's code
(:func:`~citynet.device.connection.netmiko_handler`) and checks the key the
device presents with the run's host-key policy, as paramiko does after the key
exchange (:func:`~citynet.device.hostkeys.verify_server_key`): host keys are
refused before a password is offered, here as on the wire. It never opens a
socket. What happened is kept in each script's :class:`Journal`.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import paramiko
import yaml
from netmiko.exceptions import (
    ConfigInvalidException,
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)
from pydantic import BaseModel, ConfigDict

from citynet.device.connection import netmiko_handler
from citynet.device.hostkeys import verify_server_key
from citynet.device.options import ConnectionOptions

FAKE_CONNECTION_NAME = "citynet_fake"
SCRIPT_FILE = "device.yaml"
INVALID_INPUT = "% Invalid input detected at '^' marker."

Fault = Literal["refused", "no route", "timed out", "closed", "read timed out"]
TCP_ERRORS: dict[str, tuple[type[OSError], int, str]] = {
    "refused": (ConnectionRefusedError, errno.ECONNREFUSED, "Connection refused"),
    "no route": (OSError, errno.EHOSTUNREACH, "No route to host"),
    "timed out": (TimeoutError, errno.ETIMEDOUT, "timed out"),
}


class Behaviour(BaseModel):
    """``device.yaml``: how one fake device behaves."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    host_key: str
    attempts: list[Fault] = []
    refuse_auth: bool = False
    reject: list[str] = []


@dataclass
class Journal:
    """What a fake device saw."""

    opened: int = 0
    """Connection attempts (calls of the plugin's ``open``)."""
    passwords_offered: int = 0
    """Attempts that got as far as offering the password (past the host-key check)."""
    commands: list[str] = field(default_factory=list)
    closed: int = 0


@dataclass
class DeviceScript:
    """One fake device: its host key, answers and faults, and its journal."""

    host_key: Any
    """The ``paramiko.PKey`` the device presents."""
    outputs: dict[str, str] = field(default_factory=dict)
    attempts: list[str | BaseException] = field(default_factory=list)
    refuse_auth: bool = False
    reject: frozenset[str] = frozenset()
    journal: Journal = field(default_factory=Journal)


def command_file(command: str) -> str:
    """The file holding a command's answer.

    >>> command_file("show running-config")
    'show_running-config.txt'
    """
    return command.replace(" ", "_") + ".txt"


def public_key(line: str) -> Any:
    """A ``paramiko.PKey`` from an OpenSSH public key line (``TYPE BASE64 [comment]``)."""
    import base64

    kind, data = line.split()[:2]
    return paramiko.PKey.from_type_string(kind, base64.b64decode(data))


def load_script(directory: Path) -> DeviceScript:
    """The script of the device whose folder is ``directory``."""
    behaviour = Behaviour.model_validate(yaml.safe_load((directory / SCRIPT_FILE).read_text()))
    return DeviceScript(
        host_key=public_key(behaviour.host_key),
        outputs={path.stem.replace("_", " "): path.read_text() for path in directory.glob("*.txt")},
        attempts=list(behaviour.attempts),
        refuse_auth=behaviour.refuse_auth,
        reject=frozenset(behaviour.reject),
    )


def load_scripts(fixtures: Path, hosts: Iterable[str]) -> dict[str, DeviceScript]:
    """Host name -> script, from ``fixtures/<host>/``."""
    return {host: load_script(fixtures / host) for host in hosts}


def fake_options(scripts: Mapping[str, DeviceScript], **options: Any) -> ConnectionOptions:
    """Connection options that read every host through the fake, with its script."""
    register()
    return ConnectionOptions(
        plugin=FAKE_CONNECTION_NAME,
        host_extras={host: {"script": script} for host, script in scripts.items()},
        **options,
    )


class FakeSession:
    """The connected device: answers commands from its script."""

    def __init__(self, script: DeviceScript, *, hang: bool = False) -> None:
        self.script = script
        self.hang = hang

    def send_command(self, command_string: str, read_timeout: float = 10.0, **_: Any) -> str:
        """The canned answer; ``% Invalid input`` for a rejected or unknown command."""
        self.script.journal.commands.append(command_string)
        if self.hang:
            raise ReadTimeout(
                f"\n\nPattern not detected: '#' in output.\n\n(read_timeout={read_timeout})"
            )
        if command_string in self.script.reject or command_string not in self.script.outputs:
            return f"{INVALID_INPUT}\n"  # netmiko strips the echo (and the caret line with it)
        return self.script.outputs[command_string]

    def send_config_set(
        self, config_commands: Iterable[str], *, error_pattern: str = "", **_: Any
    ) -> str:
        """As netmiko: a rejected line raises only when ``error_pattern`` matches it."""
        output = []
        for command in config_commands:
            self.script.journal.commands.append(command)
            output.append(f"device(config)#{command}")
            if command in self.script.reject:
                output.append(INVALID_INPUT)
                match = re.search(error_pattern, INVALID_INPUT, re.M) if error_pattern else None
                if match:
                    raise ConfigInvalidException(
                        f"Invalid input detected at command: {command}, "
                        f"matched error: {match.group(0)}"
                    )
        return "\n".join(output) + "\n"

    def disconnect(self) -> None:
        self.script.journal.closed += 1


class FakeConnection:
    """The connection plugin; ``extras["script"]`` (a :class:`DeviceScript`) is required."""

    def open(
        self,
        hostname: str | None,
        username: str | None,
        password: str | None,
        port: int | None,
        platform: str | None,
        extras: dict[str, Any] | None = None,
        configuration: Any = None,
    ) -> None:
        parameters = dict(extras or {})
        script: DeviceScript = parameters.pop("script")
        handler = netmiko_handler(hostname, username, password, port, platform, parameters)
        try:
            hang = _connect(handler, script, str(hostname), port or 22)
        finally:
            handler.disconnect()  # no netmiko session is kept; this drops its log filter
        self.connection = FakeSession(script, hang=hang)

    def close(self) -> None:
        self.connection.disconnect()


def register() -> None:
    """Make the fake known to Nornir (idempotent)."""
    from nornir.core.plugins.connections import ConnectionPluginRegister

    if FAKE_CONNECTION_NAME not in ConnectionPluginRegister.available:
        ConnectionPluginRegister.register(FAKE_CONNECTION_NAME, FakeConnection)


def _connect(handler: Any, script: DeviceScript, address: str, port: int) -> bool:
    """One connection attempt, failing as netmiko's ``establish_connection`` would.

    Returns whether the session will hang on its first command.
    """
    journal = script.journal
    journal.opened += 1
    fault = script.attempts[journal.opened - 1] if journal.opened <= len(script.attempts) else None
    if isinstance(fault, BaseException):
        raise fault
    settings = f"Device settings: {handler.device_type} {handler.host}:{handler.port}"
    if fault in TCP_ERRORS:
        kind, number, text = TCP_ERRORS[str(fault)]
        try:
            raise kind(number, text)
        except OSError:
            raise NetmikoTimeoutException(  # noqa: B904 (netmiko chains implicitly)
                f"TCP connection to device failed.\n\n{settings}\n"
            )
    client = handler._build_ssh_client()
    try:
        if fault == "closed":
            try:
                raise EOFError()
            except EOFError:
                raise paramiko.SSHException("Error reading SSH protocol banner")  # noqa: B904
        verify_server_key(client, address, port, script.host_key)
    except paramiko.SSHException as exc:
        raise NetmikoTimeoutException(  # noqa: B904
            f"\nA paramiko SSHException occurred during connection creation:\n\n{exc}\n\n"
        )
    journal.passwords_offered += 1
    if script.refuse_auth:
        try:
            raise paramiko.AuthenticationException("Authentication failed.")
        except paramiko.AuthenticationException as exc:
            raise NetmikoAuthenticationException(  # noqa: B904
                f"Authentication to device failed.\n\n{settings}\n\n{exc}"
            )
    return fault == "read timed out"
