"""Host keys are checked against known_hosts parsed once: unknown and changed keys refused."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest

from citynet.sshkeys import load_known_hosts, make_policy


def _key_line(name: str, key: paramiko.PKey) -> str:
    return f"{name} {key.get_name()} {key.get_base64()}\n"


def test_policy(tmp_path: Path) -> None:
    known, other = paramiko.ECDSAKey.generate(), paramiko.ECDSAKey.generate()
    path = tmp_path / "known_hosts"
    path.write_text(_key_line("127.10.1.1", known) + _key_line("[127.10.1.2]:2222", known))
    policy = make_policy(load_known_hosts(path))
    policy.missing_host_key(None, "127.10.1.1", known)
    policy.missing_host_key(None, "[127.10.1.2]:2222", known)
    with pytest.raises(paramiko.BadHostKeyException, match="does not match"):
        policy.missing_host_key(None, "127.10.1.1", other)
    with pytest.raises(paramiko.SSHException, match="not found in known_hosts"):
        policy.missing_host_key(None, "127.10.1.3", known)
    with pytest.raises(paramiko.SSHException, match="not found in known_hosts"):
        make_policy(load_known_hosts(tmp_path / "missing")).missing_host_key(None, "a", known)
