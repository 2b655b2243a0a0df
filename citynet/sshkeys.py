"""SSH host-key verification against the project's known_hosts, read once per run.

netmiko re-reads a known_hosts file on every connection, and the SSH library
takes a process-wide lock for every line it parses: a fleet run of N devices
then parses N x N keys under one lock. Here the file is parsed once and each
connection's key is checked by a policy object, before any credential is sent:
an unknown key and a changed key are both refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def load_known_hosts(path: Path) -> Any:
    """The keys in ``path`` (an empty set when the file does not exist)."""
    import paramiko

    keys = paramiko.HostKeys()
    if path.is_file():
        keys.load(str(path))
    return keys


def make_policy(known: Any) -> Any:
    """A paramiko host-key policy accepting only the keys in ``known``."""
    import paramiko

    class KnownHostsPolicy(paramiko.MissingHostKeyPolicy):  # type: ignore[misc]
        def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
            entries = known.lookup(hostname)
            if not entries:
                raise paramiko.SSHException(
                    f"Server {hostname!r} not found in known_hosts; refusing to send "
                    "credentials (a lab registers its keys with 'citynet lab up')"
                )
            expected = entries.get(key.get_name())
            if expected is None or expected != key:
                raise paramiko.BadHostKeyException(
                    hostname, key, expected or next(iter(entries.values()))
                )

    return KnownHostsPolicy()
