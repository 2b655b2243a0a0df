"""SSH signatures through ssh-keygen -Y, in the citynet namespace, with a key file or the agent."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from citynet.changes.signing import (
    SignatureError,
    default_key,
    parse_public_key,
    public_key_of,
    sign,
    signature_key,
    verify,
)
from tests.changes.conftest import Person


def test_a_signature_verifies_only_for_its_bytes_and_key(people: dict[str, Person]) -> None:
    bob, carol = people["bob"], people["carol"]
    signature = sign(b"approve 42", bob.key)
    assert signature_key(signature).fingerprint == bob.public.fingerprint
    verify(b"approve 42", signature, bob.public)
    with pytest.raises(SignatureError, match=r"does not match what it claims to sign"):
        verify(b"approve 43", signature, bob.public)
    with pytest.raises(
        SignatureError, match=re.escape(f"made with key {bob.public.fingerprint}, not")
    ):
        verify(b"approve 42", signature, carol.public)


def test_a_signature_for_another_namespace_is_refused(
    people: dict[str, Person], tmp_path: Path
) -> None:
    message = tmp_path / "commit"
    message.write_bytes(b"approve 42")
    subprocess.run(
        ["ssh-keygen", "-q", "-Y", "sign", "-n", "git", "-f", str(people["bob"].key), str(message)],
        check=True,
    )
    signature = (tmp_path / "commit.sig").read_text()
    with pytest.raises(SignatureError, match=r"namespace 'git', not 'citynet'"):
        verify(b"approve 42", signature, people["bob"].public)


@pytest.mark.parametrize(
    "signature",
    [
        "hello",
        "-----BEGIN SSH SIGNATURE-----\nbm90IGEgc2lnbmF0dXJl\n-----END SSH SIGNATURE-----",
        "-----BEGIN SSH SIGNATURE-----\n%%%\n-----END SSH SIGNATURE-----",
    ],
)
def test_damaged_signatures_are_refused(signature: str, people: dict[str, Person]) -> None:
    with pytest.raises(SignatureError):
        verify(b"x", signature, people["bob"].public)


def test_a_flipped_bit_in_a_signature_is_refused(people: dict[str, Person]) -> None:
    signature = sign(b"approve 42", people["bob"].key)
    lines = signature.splitlines()
    body = lines[3]
    lines[3] = body[:-6] + ("A" if body[-6] != "A" else "B") + body[-5:]
    with pytest.raises(SignatureError):
        verify(b"approve 42", "\n".join(lines) + "\n", people["bob"].public)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ssh-ed25519", "expected '<type> <base64 key>"),
        ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "'ssh-dss' is not an SSH public key type"),
        ("ssh-ed25519 !!!notbase64", "not valid base64"),
        (
            "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOHK8Tnv/hWGcwisPVLdLC+FrdXCApojOnF1+BacRATf",
            "is a 'ssh-ed25519' key, not 'ssh-rsa'",
        ),
    ],
)
def test_bad_public_keys(line: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_public_key(line)


def test_a_key_without_its_pub_file(people: dict[str, Person], tmp_path: Path) -> None:
    lone = tmp_path / "lone"
    shutil.copy2(people["bob"].key, lone)
    lone.chmod(0o600)
    assert public_key_of(lone).fingerprint == people["bob"].public.fingerprint
    with pytest.raises(SignatureError, match=r"no key file"):
        sign(b"x", tmp_path / "missing")


def test_the_usual_key_is_the_default(people: dict[str, Person], tmp_path: Path) -> None:
    home = tmp_path / "home"
    with pytest.raises(SignatureError, match=r"no SSH key found.*--key PATH"):
        default_key({"HOME": str(home)})
    (home / ".ssh").mkdir(parents=True)
    shutil.copy2(people["carol"].key, home / ".ssh" / "id_ed25519")
    assert default_key({"HOME": str(home)}) == home / ".ssh" / "id_ed25519"


def test_signing_with_the_agent(people: dict[str, Person], tmp_path: Path) -> None:
    if shutil.which("ssh-agent") is None or shutil.which("ssh-add") is None:
        pytest.skip("ssh-agent is not installed here")
    socket = tmp_path / "agent.sock"
    agent = subprocess.run(
        ["ssh-agent", "-a", str(socket)], check=True, capture_output=True, text=True
    ).stdout
    pid = int(agent.split("SSH_AGENT_PID=")[1].split(";")[0])
    try:
        env = {**os.environ, "SSH_AUTH_SOCK": str(socket)}
        subprocess.run(
            ["ssh-add", "-q", str(people["dave"].key)], env=env, check=True, capture_output=True
        )
        home = tmp_path / "empty-home"
        wanted = people["dave"].public.fingerprint
        key = default_key(
            {"HOME": str(home), "SSH_AUTH_SOCK": str(socket)},
            wanted=lambda k: k.fingerprint == wanted,
        )
        assert key.suffix == ".pub"
        signature = sign(b"review 7", key, {"SSH_AUTH_SOCK": str(socket)})
        verify(b"review 7", signature, people["dave"].public)
        with pytest.raises(SignatureError, match=r"no SSH key found"):
            default_key({"HOME": str(home), "SSH_AUTH_SOCK": str(socket)}, wanted=lambda k: False)
    finally:
        os.kill(pid, signal.SIGTERM)
