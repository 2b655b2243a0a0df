"""A throwaway PostgreSQL server for the change store's tests (standard library only).

``.ci/run`` uses it before the virtual environment exists, and the tests' session
fixture uses it when no server is given. It runs Debian's binaries
(``/usr/lib/postgresql/<version>/bin``, not on PATH) from a temporary folder, on a
Unix socket only (no TCP port, so nothing collides with other servers), as the
``postgres`` user when started by root (``initdb`` refuses root)::

    eval "$(python3 tests/changes/pgserver.py start)"   # exports CITYNET_TEST_PG_URL, _DIR
    python3 tests/changes/pgserver.py stop "$CITYNET_TEST_PG_DIR"
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Server:
    folder: Path
    bindir: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@/postgres?host={self.folder}"


def find_bindir() -> Path | None:
    """The folder of initdb and pg_ctl: $PG_BINDIR, the newest Debian version, or PATH."""
    given = os.environ.get("PG_BINDIR")
    if given:
        return Path(given)
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


def start(bindir: Path | None = None) -> Server:
    """Create a cluster in a new temporary folder and start it; return where it is.

    Raises:
        RuntimeError: no PostgreSQL binaries, or the server did not start (with its log).
    """
    bindir = bindir or find_bindir()
    if bindir is None:
        raise RuntimeError("no PostgreSQL binaries (install Debian's postgresql package)")
    folder = Path(tempfile.mkdtemp(prefix="citynet-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = Server(folder, bindir)
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(server.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                ]
            ),
            **run,  # type: ignore[call-overload]
        )
        options = f"-k {folder} -c listen_addresses='' -c fsync=off -c max_connections=60"
        subprocess.run(
            _as_server_user(
                [
                    str(bindir / "pg_ctl"),
                    "-D",
                    str(server.data),
                    "-o",
                    options,
                    "-l",
                    str(folder / "server.log"),
                    "-w",
                    "start",
                ]
            ),
            **run,  # type: ignore[call-overload]
        )
    except subprocess.CalledProcessError as exc:
        log = folder / "server.log"
        detail = log.read_text() if log.exists() else exc.stderr
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {detail.strip()}") from None
    return server


def stop(folder: Path, bindir: Path | None = None) -> None:
    """Stop the server in ``folder`` (started by :func:`start`) and remove the folder."""
    bindir = bindir or find_bindir()
    if bindir is not None and (folder / "data" / "postmaster.pid").exists():
        subprocess.run(
            _as_server_user(
                [str(bindir / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"]
            ),
            capture_output=True,
            timeout=60,
            check=False,
        )
    shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["start"]:
        server = start()
        print(f"export CITYNET_TEST_PG_URL='{server.url}'")
        print(f"export CITYNET_TEST_PG_DIR='{server.folder}'")
        return 0
    if argv[:1] == ["stop"] and len(argv) == 2:
        stop(Path(argv[1]))
        return 0
    print("usage: pgserver.py start | stop FOLDER", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
