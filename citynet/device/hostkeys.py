"""SSH host-key verification against the project's known_hosts, read once per run.

netmiko re-reads a known_hosts file on every connection, and the SSH library
takes a process-wide lock for every line it parses: a fleet run of N devices
then parses N x N keys under one lock. Here the file is parsed once and each
connection's key is checked by one policy object, before any credential is
sent: an unknown key and a changed key are both refused, each with its own
exception type (:class:`HostKeyUnknownError`, paramiko's ``BadHostKeyException``)
so that :mod:`citynet.device.classify` never has to read a message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import paramiko

from citynet.workspace import Workspace

KNOWN_HOSTS = "known_hosts"
SSH_PORT = 22


def known_hosts_path(workspace: Workspace) -> Path:
    """The project's known_hosts: ``<state dir>/known_hosts``."""
    return workspace.state_dir / KNOWN_HOSTS


class HostKeyUnknownError(paramiko.SSHException):  # type: ignore[misc]
    """The server is not in known_hosts: no credential is sent to it.

    A subclass of paramiko's ``SSHException`` so that paramiko lets it out of
    ``SSHClient.connect`` (and netmiko wraps it as it wraps every SSH error).
    """

    def __init__(self, hostname: str) -> None:
        self.hostname = hostname
        super().__init__(f"server {hostname!r} is not in known_hosts")


def load_known_hosts(path: Path) -> Any:
    """The keys in ``path`` (an empty set when the file does not exist)."""
    keys = paramiko.HostKeys()
    if path.is_file():
        keys.load(str(path))
    return keys


class KnownHostsPolicy(paramiko.MissingHostKeyPolicy):  # type: ignore[misc]
    """A paramiko host-key policy accepting only the keys of a parsed known_hosts."""

    def __init__(self, known: Any) -> None:
        self.known = known

    def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
        """Accept ``key`` for ``hostname`` only if known_hosts lists exactly it.

        Raises:
            HostKeyUnknownError: ``hostname`` is not in known_hosts.
            paramiko.BadHostKeyException: known_hosts lists another key for it.
        """
        entries = self.known.lookup(hostname)
        if not entries:
            raise HostKeyUnknownError(hostname)
        expected = entries.get(key.get_name())
        if expected is None or expected != key:
            raise paramiko.BadHostKeyException(
                hostname, key, expected or next(iter(entries.values()))
            )


def make_policy(known: Any) -> KnownHostsPolicy:
    """The policy for one run, over the keys :func:`load_known_hosts` returned."""
    return KnownHostsPolicy(known)


def known_hosts_name(address: str, port: int) -> str:
    """The name a server has in known_hosts, as the SSH client looks it up.

    >>> known_hosts_name("127.10.1.1", 22), known_hosts_name("127.10.1.1", 2222)
    ('127.10.1.1', '[127.10.1.1]:2222')
    """
    return address if port == SSH_PORT else f"[{address}]:{port}"


def verify_server_key(client: Any, address: str, port: int, key: Any) -> None:
    """What ``paramiko.SSHClient.connect`` does with the server's key after the key exchange.

    Keys the client itself holds are compared first; otherwise the client's
    missing-host-key policy decides. netmiko builds the client for
    ``citynet_netmiko`` with no keys of its own, so it is the policy that
    decides; the fake connection calls this to take the same path without a
    socket.

    Raises:
        HostKeyUnknownError: from the policy.
        paramiko.BadHostKeyException: the key is not the one known.
    """
    name = known_hosts_name(address, port)
    ours = client._system_host_keys.lookup(name) or client._host_keys.lookup(name)
    if not ours:
        client._policy.missing_host_key(client, name, key)
        return
    expected = ours.get(key.get_name())
    if expected != key:
        raise paramiko.BadHostKeyException(address, key, expected or next(iter(ours.values())))
