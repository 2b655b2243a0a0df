"""Host keys are checked against known_hosts parsed once: unknown and changed keys refused."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest

from citynet.device.hostkeys import (
    HostKeyUnknownError,
    known_hosts_path,
    load_known_hosts,
    make_policy,
    verify_server_key,
)
from citynet.workspace import Settings, Workspace


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
    with pytest.raises(HostKeyUnknownError, match="not in known_hosts"):
        policy.missing_host_key(None, "127.10.1.3", known)
    with pytest.raises(HostKeyUnknownError, match="not in known_hosts"):
        make_policy(load_known_hosts(tmp_path / "missing")).missing_host_key(None, "a", known)


def test_a_key_of_another_type_is_a_changed_key(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(_key_line("127.10.1.1", paramiko.ECDSAKey.generate()))
    rsa = paramiko.RSAKey.generate(1024)
    with pytest.raises(paramiko.BadHostKeyException):
        make_policy(load_known_hosts(path)).missing_host_key(None, "127.10.1.1", rsa)


def test_the_unknown_key_error_is_an_ssh_error_paramiko_lets_out() -> None:
    # paramiko's SSHClient.connect propagates SSHException subclasses from the policy,
    # and netmiko wraps every SSHException: that is how the type reaches the classifier.
    assert issubclass(HostKeyUnknownError, paramiko.SSHException)
    assert not issubclass(HostKeyUnknownError, paramiko.BadHostKeyException)
    assert HostKeyUnknownError("127.10.1.1").hostname == "127.10.1.1"


def test_verify_server_key_asks_the_policy_when_the_client_holds_no_key(tmp_path: Path) -> None:
    key = paramiko.ECDSAKey.generate()
    path = tmp_path / "known_hosts"
    path.write_text(_key_line("[127.10.1.1]:2222", key))
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(make_policy(load_known_hosts(path)))
    verify_server_key(client, "127.10.1.1", 2222, key)  # looked up as [address]:port
    with pytest.raises(HostKeyUnknownError, match=r"'127\.10\.1\.1'"):
        verify_server_key(client, "127.10.1.1", 22, key)


def test_verify_server_key_compares_keys_the_client_holds_itself() -> None:
    key, other = paramiko.ECDSAKey.generate(), paramiko.ECDSAKey.generate()
    client = paramiko.SSHClient()
    client.get_host_keys().add("127.10.1.1", key.get_name(), key)
    client.set_missing_host_key_policy(make_policy(paramiko.HostKeys()))
    verify_server_key(client, "127.10.1.1", 22, key)
    with pytest.raises(paramiko.BadHostKeyException):
        verify_server_key(client, "127.10.1.1", 22, other)
    with pytest.raises(HostKeyUnknownError):  # not held by the client: the policy decides
        verify_server_key(client, "127.10.1.2", 22, key)


def test_known_hosts_lives_in_the_state_directory(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path, Settings(state_dir="var"))
    assert known_hosts_path(workspace) == tmp_path / "var" / "known_hosts"
