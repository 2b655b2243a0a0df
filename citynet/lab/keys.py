"""SSH host keys for lab devices and their registration in a known_hosts file."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import asyncssh


def known_hosts_name(address: str, port: int) -> str:
    """The host field OpenSSH and paramiko use for ``address:port``.

    >>> known_hosts_name("127.0.0.1", 22)
    '127.0.0.1'
    >>> known_hosts_name("127.0.0.1", 2222)
    '[127.0.0.1]:2222'
    """
    return address if port == 22 else f"[{address}]:{port}"


def new_host_key() -> asyncssh.SSHKey:
    """A fresh Ed25519 host key."""
    return asyncssh.generate_private_key("ssh-ed25519")


def load_or_create_host_key(path: Path) -> asyncssh.SSHKey:
    """Read the host key at ``path``, creating (and saving) it when missing."""
    if path.exists():
        return asyncssh.read_private_key(str(path))
    key = new_host_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    key.write_private_key(str(path))
    path.chmod(0o600)
    return key


def public_line(key: asyncssh.SSHKey) -> str:
    """``<algorithm> <base64>`` of a key's public half."""
    return key.export_public_key("openssh").decode("ascii").strip().split(" comment")[0]


def register_host_keys(
    known_hosts: Path, entries: Iterable[tuple[str, int, asyncssh.SSHKey]]
) -> None:
    """Write the lab's host keys into a known_hosts file, replacing older lines for them.

    Args:
        known_hosts: the file (created with its directory when missing).
        entries: (address, port, host key) for every device.
    """
    items = [(known_hosts_name(a, p), public_line(k)) for a, p, k in entries]
    names = {name for name, _ in items}
    kept: list[str] = []
    if known_hosts.exists():
        for line in known_hosts.read_text(encoding="utf-8").splitlines():
            host_field = line.split(" ", 1)[0] if line.strip() else ""
            if host_field and set(host_field.split(",")) & names:
                continue
            kept.append(line)
    kept.extend(name + " " + " ".join(key.split()[:2]) for name, key in items)
    known_hosts.parent.mkdir(parents=True, exist_ok=True)
    known_hosts.write_text("\n".join(kept) + "\n", encoding="utf-8")
