"""SSH signatures, made and checked by OpenSSH's ``ssh-keygen -Y``, as git signs commits.

Every recorded action is a signature over its canonical payload in the
``citynet`` namespace (a signature made for git or for another tool is never
valid here). The key is the actor's usual SSH key: a private key file (it may
ask for its passphrase), or a public key file whose private half is in the SSH
agent. Nothing here decides *who* may act; that is the change policy's job.
"""

from __future__ import annotations

import atexit
import base64
import binascii
import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from citynet.errors import ApprovalError
from citynet.files import atomic_write

NAMESPACE = "citynet"
KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "ssh-rsa",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)
DEFAULT_KEYS = ("id_ed25519", "id_ecdsa", "id_ed25519_sk", "id_ecdsa_sk", "id_rsa")
_ARMOR_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_ARMOR_END = "-----END SSH SIGNATURE-----"
_TIMEOUT = 120


class SignatureError(ApprovalError):
    """A signature cannot be made, read or verified."""


@dataclass(frozen=True)
class PublicKey:
    """An SSH public key: its type, wire-format blob and comment."""

    type: str
    blob: bytes
    comment: str = ""

    @property
    def fingerprint(self) -> str:
        """OpenSSH's SHA256 fingerprint (``SHA256:...``, as ``ssh-keygen -l`` shows)."""
        raw = base64.b64encode(hashlib.sha256(self.blob).digest()).decode().rstrip("=")
        return f"SHA256:{raw}"

    @property
    def line(self) -> str:
        """The key as an ``authorized_keys`` line, without its comment."""
        return f"{self.type} {base64.b64encode(self.blob).decode()}"


def _read_string(data: bytes, offset: int) -> tuple[bytes, int]:
    if offset + 4 > len(data):
        raise ValueError("truncated")
    length = int.from_bytes(data[offset : offset + 4], "big")
    end = offset + 4 + length
    if end > len(data):
        raise ValueError("truncated")
    return data[offset + 4 : end], end


def _fields(blob: bytes) -> list[bytes]:
    """The length-prefixed strings of an SSH wire-format blob (all of it, or ValueError)."""
    fields, offset = [], 0
    while offset < len(blob):
        value, offset = _read_string(blob, offset)
        fields.append(value)
    if not fields:
        raise ValueError("empty")
    return fields


def parse_public_key(line: str) -> PublicKey:
    """Read a public key line (``ssh-ed25519 AAAA... comment``).

    Raises:
        ValueError: not a public key line of a known type (the message says why).

    >>> key = parse_public_key(
    ...     "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOHK8Tnv/hWGcwisPVLdLC+FrdXCApojOnF1+BacRATf bob")
    >>> key.type, key.comment, key.fingerprint
    ('ssh-ed25519', 'bob', 'SHA256:ji+yLQpGspSH/BLcqQjk4tsbrRDjfG7k1HIw2xxqVEM')
    """
    parts = line.strip().split(None, 2)
    if len(parts) < 2:
        raise ValueError("expected '<type> <base64 key> [comment]'")
    kind, encoded = parts[0], parts[1]
    if kind not in KEY_TYPES:
        raise ValueError(f"{kind!r} is not an SSH public key type ({', '.join(sorted(KEY_TYPES))})")
    try:
        blob = base64.b64decode(encoded, validate=True)
        fields = _fields(blob)
    except (binascii.Error, ValueError):
        raise ValueError("the key is not valid base64 SSH key data") from None
    inner = fields[0].decode("ascii", "replace")
    if inner != kind:
        raise ValueError(f"the key data is a {inner!r} key, not {kind!r}")
    if len(fields) < 2 or (kind == "ssh-ed25519" and len(fields[1]) != 32):
        raise ValueError("the key data is incomplete (copy the whole line of the .pub file)")
    return PublicKey(kind, blob, parts[2] if len(parts) > 2 else "")


def signature_key(signature: str) -> PublicKey:
    """The public key an armored SSH signature was made with (not yet verified).

    Raises:
        SignatureError: not an SSH signature, or one for another namespace.
    """
    text = signature.strip()
    if not (text.startswith(_ARMOR_BEGIN) and text.endswith(_ARMOR_END)):
        raise SignatureError("not an SSH signature (no BEGIN/END SSH SIGNATURE lines)")
    body = "".join(text[len(_ARMOR_BEGIN) : -len(_ARMOR_END)].split())
    try:
        data = base64.b64decode(body, validate=True)
        if data[:6] != b"SSHSIG":
            raise ValueError("magic")
        key_blob, offset = _read_string(data, 10)
        namespace, _ = _read_string(data, offset)
        kind, _ = _read_string(key_blob, 0)
    except (binascii.Error, ValueError):
        raise SignatureError("the SSH signature is damaged (cannot be decoded)") from None
    if namespace.decode("utf-8", "replace") != NAMESPACE:
        raise SignatureError(
            f"the signature is for namespace {namespace.decode('utf-8', 'replace')!r}, "
            f"not {NAMESPACE!r}: it was made for something else"
        )
    return PublicKey(kind.decode("ascii", "replace"), key_blob)


def _ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise SignatureError(
            "ssh-keygen is not installed; install OpenSSH's client (Debian: openssh-client)"
        )
    return found


def _environment(env: Mapping[str, str] | None) -> dict[str, str]:
    merged = dict(os.environ)
    for name in ("HOME", "SSH_AUTH_SOCK"):
        if env is not None and name in env:
            merged[name] = env[name]
    return merged


def sign(message: bytes, key: Path, env: Mapping[str, str] | None = None) -> str:
    """Sign ``message`` with ``key`` in the citynet namespace; return the armored signature.

    ``key`` is a private key file, or a public key file whose private half is in
    the SSH agent (``SSH_AUTH_SOCK``).

    Raises:
        SignatureError: ssh-keygen could not sign (the key is missing, locked, or
            not in the agent); the message says what ssh-keygen said.
    """
    if not key.is_file():
        raise SignatureError(f"no key file {key}; give your SSH key with --key PATH")
    result = subprocess.run(
        [_ssh_keygen(), "-q", "-Y", "sign", "-n", NAMESPACE, "-f", str(key)],
        input=message,
        capture_output=True,
        timeout=_TIMEOUT,
        env=_environment(env),
        check=False,
    )
    signature = result.stdout.decode("ascii", "replace")
    if result.returncode != 0 or _ARMOR_BEGIN not in signature:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SignatureError(
            f"ssh-keygen could not sign with {key}: {said[-1] if said else 'no reason given'}; "
            "check the key (and its passphrase, or that it is loaded in ssh-agent)"
        )
    return signature.strip() + "\n"


@functools.lru_cache(maxsize=4096)
def _verified(message: bytes, signature: str, key_line: str) -> bool:
    with tempfile.TemporaryDirectory(prefix="citynet-verify-") as folder:
        allowed = Path(folder) / "allowed_signers"
        allowed.write_text(f'signer namespaces="{NAMESPACE}" {key_line}\n', encoding="utf-8")
        sig_file = Path(folder) / "message.sig"
        sig_file.write_text(signature, encoding="ascii")
        result = subprocess.run(
            [
                _ssh_keygen(),
                "-Y",
                "verify",
                "-f",
                str(allowed),
                "-I",
                "signer",
                "-n",
                NAMESPACE,
                "-s",
                str(sig_file),
            ],
            input=message,
            capture_output=True,
            timeout=_TIMEOUT,
            check=False,
        )
    return result.returncode == 0


def verify(message: bytes, signature: str, key: PublicKey) -> None:
    """Check that ``signature`` is ``key``'s signature of ``message`` (citynet namespace).

    Raises:
        SignatureError: it is not (another key, other bytes, another namespace, damaged).
    """
    if not signature.isascii():
        raise SignatureError("the SSH signature is damaged (not ASCII)")
    made_with = signature_key(signature)
    if made_with.blob != key.blob:
        raise SignatureError(
            f"the signature was made with key {made_with.fingerprint}, not {key.fingerprint}"
        )
    if not _verified(message, signature, key.line):
        raise SignatureError(
            f"the signature by {key.fingerprint} does not match what it claims to sign"
        )


def public_key_of(key: Path) -> PublicKey:
    """The public key of a key file (``KEY.pub`` beside a private key, or ``ssh-keygen -y``).

    Raises:
        SignatureError: no public key can be read for it.
    """
    candidates = [key] if key.suffix == ".pub" else [key.with_name(key.name + ".pub")]
    for candidate in candidates:
        if candidate.is_file():
            try:
                return parse_public_key(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise SignatureError(f"{candidate}: not a public key ({exc})") from None
    result = subprocess.run(
        [_ssh_keygen(), "-y", "-P", "", "-f", str(key)],
        capture_output=True,
        timeout=_TIMEOUT,
        check=False,
    )
    if result.returncode == 0:
        try:
            return parse_public_key(result.stdout.decode("ascii", "replace"))
        except ValueError:
            pass
    raise SignatureError(
        f"cannot read the public key of {key}; put it beside the key as {key.name}.pub"
    )


def default_key(env: Mapping[str, str], wanted: Callable[[PublicKey], bool] | None = None) -> Path:
    """The key to sign with when none is given: the usual ``~/.ssh`` key, else the agent's.

    ``wanted`` picks, among the agent's keys, one the change policy lists.

    Raises:
        SignatureError: no key found; the message says how to give one.
    """
    home = Path(env.get("HOME") or os.path.expanduser("~"))
    for name in DEFAULT_KEYS:
        path = home / ".ssh" / name
        if path.is_file():
            return path
    if env.get("SSH_AUTH_SOCK"):
        found = _agent_key(env, wanted)
        if found is not None:
            return found
    raise SignatureError(
        f"no SSH key found (looked for {', '.join(DEFAULT_KEYS)} in {home / '.ssh'} and in "
        "ssh-agent); give the key you sign with: --key PATH"
    )


def _agent_key(env: Mapping[str, str], wanted: Callable[[PublicKey], bool] | None) -> Path | None:
    ssh_add = shutil.which("ssh-add")
    if ssh_add is None:
        return None
    result = subprocess.run(
        [ssh_add, "-L"], capture_output=True, timeout=_TIMEOUT, env=_environment(env), check=False
    )
    for line in result.stdout.decode("utf-8", "replace").splitlines():
        try:
            key = parse_public_key(line)
        except ValueError:
            continue
        if wanted is None or wanted(key):
            folder = Path(tempfile.mkdtemp(prefix="citynet-agent-"))
            atexit.register(shutil.rmtree, folder, True)
            path = folder / "agent_key.pub"
            atomic_write(path, line + "\n", within=folder)
            return path
    return None


def generate_key(path: Path, comment: str) -> PublicKey:
    """Create an unencrypted Ed25519 key pair at ``path`` (for the demo and the tests).

    Raises:
        SignatureError: ssh-keygen failed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [_ssh_keygen(), "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        capture_output=True,
        timeout=_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        raise SignatureError(
            f"ssh-keygen could not create {path}: {result.stderr.decode(errors='replace').strip()}"
        )
    return public_key_of(path)
