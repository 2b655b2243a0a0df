"""The SSH side of the lab: one asyncssh listener per device, all in one event loop."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import threading
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import asyncssh

from citynet.errors import CitynetError
from citynet.lab import keys
from citynet.lab.device import LabDevice
from citynet.lab.filesystem import split_url
from citynet.lab.scp import FAIL, ScpSink, parse_scp_command
from citynet.lab.session import CliSession

LOOPBACK = ipaddress.ip_network("127.0.0.0/8")
SERVER_VERSION = "Cisco-1.25"


class LabError(CitynetError):
    """The lab could not start, or was asked to do something unsafe."""


def check_loopback(address: str) -> None:
    """Refuse any listen address outside 127.0.0.0/8.

    >>> check_loopback("127.0.0.5")
    >>> check_loopback("10.0.0.1")
    Traceback (most recent call last):
    ...
    citynet.lab.server.LabError: lab address 10.0.0.1 is outside 127.0.0.0/8; ...
    """
    try:
        ok = ipaddress.ip_address(address) in LOOPBACK
    except ValueError:
        ok = False
    if not ok:
        raise LabError(
            f"lab address {address} is outside 127.0.0.0/8; "
            "give every lab device a loopback management address"
        )


class _DeviceSession(asyncssh.SSHServerSession[bytes]):
    """One SSH channel: an interactive shell or an SCP upload."""

    def __init__(self, device: LabDevice, user: str) -> None:
        self.device = device
        self.user = user
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.cli: CliSession | None = None
        self.sink: ScpSink | None = None
        self.task: asyncio.Task[None] | None = None
        self.lost = False

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any
    ) -> bool:
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        target = parse_scp_command(command)
        if target is not None:
            self.sink = ScpSink(target, self._write, self._store)
            return True
        return True

    def session_started(self) -> None:
        if self.sink is not None:
            if not self._scp_allowed():
                self._write(FAIL + b"Privilege denied\n")
                self._finish(1)
                return
            self.sink.start()
            return
        if self.chan is not None and self.chan.get_command() is not None:
            self._run_exec(self.chan.get_command() or "")
            return
        self.cli = CliSession(self.device, self.user, self._send_text, self._close)
        self.task = asyncio.ensure_future(self.cli.run())

    def _run_exec(self, command: str) -> None:
        cli = CliSession(self.device, self.user, lambda _: None, lambda: None)
        cli.privileged = True
        output = cli.execute(command)
        self._send_text(output.replace("\n", "\r\n") + "\r\n")
        self._finish(0)

    def _scp_allowed(self) -> bool:
        running = self.device.running
        enabled = any(c.text == "ip scp server enable" for c in running.children)
        return enabled and self.device.credentials.privilege >= 15

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        if self.sink is not None:
            self.sink.receive(data)
        elif self.cli is not None:
            self.cli.feed(data.decode("utf-8", "replace"))

    def eof_received(self) -> bool:
        if self.sink is not None:
            self._finish(0)
        elif self.cli is not None:
            self.cli.eof()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self.cli is not None:
            self.cli.eof()

    def _write(self, data: bytes) -> None:
        if self.chan is not None and not self.lost and not self.chan.is_closing():
            self.chan.write(data)

    def _send_text(self, text: str) -> None:
        self._write(text.encode("utf-8"))

    def _store(self, name: str, data: bytes) -> None:
        fs, path = split_url(name)
        if fs and not self.device.flash.owns(fs):
            return
        self.device.flash.write(path, data)
        self.device.persist()

    def _finish(self, status: int) -> None:
        if self.chan is not None and not self.chan.is_closing():
            self.chan.exit(status)

    def _close(self) -> None:
        if self.chan is not None and not self.chan.is_closing():
            self.chan.close()


class _DeviceServer(asyncssh.SSHServer):
    """Authentication and channel set-up for one device."""

    def __init__(self, device: LabDevice, live: set[asyncssh.SSHServerConnection]) -> None:
        self.device = device
        self.live = live
        self.conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.live.add(conn)
        self.device.sessions += 1

    def connection_lost(self, exc: Exception | None) -> None:
        if self.conn is not None:
            self.live.discard(self.conn)
        self.device.sessions -= 1

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        creds = self.device.credentials
        if self.device.faults.refuse_auth:
            return False
        return username == creds.username and password == creds.password

    def kbdint_auth_supported(self) -> bool:
        return False

    def session_requested(self) -> asyncssh.SSHServerSession[bytes]:
        user = self.conn.get_extra_info("username") if self.conn is not None else ""
        return _DeviceSession(self.device, str(user or ""))


class Lab:
    """Many simulated devices served from one event loop.

    Example::

        lab = Lab([LabDevice("sw1", "127.0.1.1", 22, config_text)], state_dir=Path("state/lab"))
        lab.start()            # background thread; returns when every device listens
        lab.register_host_keys(Path("state/known_hosts"))
        ...
        lab.stop()             # saves every device's state
    """

    def __init__(self, devices: Iterable[LabDevice], state_dir: Path | None = None) -> None:
        """Prepare a lab; nothing listens until :meth:`start`.

        Args:
            devices: the devices; names must be unique, addresses in 127.0.0.0/8.
            state_dir: where each device's state is saved (``<state_dir>/<name>/``);
                None keeps everything in memory.
        """
        self.devices: dict[str, LabDevice] = {}
        for device in devices:
            check_loopback(device.address)
            if device.name in self.devices:
                raise LabError(f"two lab devices are named {device.name}")
            self.devices[device.name] = device
        self.state_dir = state_dir
        self._servers: dict[str, asyncssh.SSHAcceptor] = {}
        self._live: set[asyncssh.SSHServerConnection] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle (async) ---------------------------------------------------------
    async def start_async(self) -> None:
        """Start every device's listener in the running event loop."""
        self._loop = asyncio.get_running_loop()
        for device in self.devices.values():
            device.loop = self._loop
            if self.state_dir is not None:
                device.state_dir = self.state_dir / device.name
                device.restore()
            device.ensure_host_key()
        results = await asyncio.gather(
            *(self._listen(d) for d in self.devices.values()), return_exceptions=True
        )
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:
            await self.stop_async()
            raise errors[0]

    async def _listen(self, device: LabDevice) -> None:
        try:
            server = await asyncssh.create_server(
                lambda: _DeviceServer(device, self._live),
                device.address,
                device.port,
                server_host_keys=[device.ensure_host_key()],
                server_version=SERVER_VERSION,
                encoding=None,
                reuse_address=True,
                login_timeout=30,
            )
        except PermissionError as exc:
            raise LabError(
                f"cannot listen on {device.address}:{device.port} for {device.name} "
                f"({exc.strerror}); port 22 needs root or CAP_NET_BIND_SERVICE — "
                "run the lab with a high port instead"
            ) from exc
        except OSError as exc:
            raise LabError(
                f"cannot listen on {device.address}:{device.port} for {device.name}: "
                f"{exc.strerror or exc}"
            ) from exc
        sockets = server.sockets
        if sockets:
            device.port = int(sockets[0].getsockname()[1])
        self._servers[device.name] = server

    async def stop_async(self) -> None:
        """Close every listener and save every device's state."""
        servers, self._servers = list(self._servers.values()), {}
        for server in servers:
            server.close()
        for conn in list(self._live):
            conn.close()
        for server in servers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 5)
        for conn in list(self._live):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.wait_closed(), 2)
        current = asyncio.current_task()
        pending = [t for t in asyncio.all_tasks() if t is not current]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=2)
        for device in self.devices.values():
            device.cancel_revert_timer()
            device.persist()

    async def restart_device_async(self, name: str) -> None:
        """Restart one device's listener (it picks up a new host key if one was asked for)."""
        device = self.devices[name]
        server = self._servers.pop(name, None)
        if server is not None:
            server.close()
            await server.wait_closed()
        device.ensure_host_key()
        await self._listen(device)

    # -- lifecycle (from synchronous code) ------------------------------------------
    def start(self, timeout: float = 60.0) -> None:
        """Run the lab in a background thread; returns when every device listens."""
        if self._thread is not None:
            raise LabError("the lab is already running")
        loop = asyncio.new_event_loop()
        ready: asyncio.Future[None] = loop.create_future()

        async def boot() -> None:
            try:
                await self.start_async()
            except BaseException as exc:  # handed to the starting thread
                ready.set_exception(exc)
                return
            ready.set_result(None)

        def runner() -> None:
            asyncio.set_event_loop(loop)
            task = loop.create_task(boot())
            loop.run_forever()
            del task
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=runner, name="citynet-lab", daemon=True)
        self._thread.start()
        done = threading.Event()
        loop.call_soon_threadsafe(lambda: ready.add_done_callback(lambda _: done.set()))
        if not done.wait(timeout):
            self.stop()
            raise LabError(f"the lab did not start within {timeout:.0f} s")
        error = ready.exception()
        if error is not None:
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(timeout)
            self._thread = None
            raise error

    def _call(self, coro: Any, timeout: float = 60.0) -> Any:
        if self._loop is None:
            raise LabError("the lab is not running")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every listener, save state and end the background thread."""
        if self._thread is None or self._loop is None:
            return
        with contextlib.suppress(Exception):
            self._call(self.stop_async(), timeout)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        self._thread = None
        self._loop = None

    def restart_device(self, name: str) -> None:
        """Restart one device's listener from synchronous code."""
        self._call(self.restart_device_async(name))

    def __enter__(self) -> Lab:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- queries and control ----------------------------------------------------------
    def device(self, name: str) -> LabDevice:
        """The device called ``name``."""
        try:
            return self.devices[name]
        except KeyError:
            raise LabError(f"no lab device is named {name}") from None

    def endpoints(self) -> dict[str, tuple[str, int]]:
        """name -> (address, port) for every device (ports are known once started)."""
        return {name: (d.address, d.port) for name, d in self.devices.items()}

    def register_host_keys(self, known_hosts: Path) -> None:
        """Write every device's host key into ``known_hosts``."""
        keys.register_host_keys(
            known_hosts,
            [(d.address, d.port, d.ensure_host_key()) for d in self.devices.values()],
        )

    def set_fault(self, name: str, **faults: object) -> None:
        """Turn faults on for one device, e.g. ``set_fault("sw1", delay=0.5)``."""
        device = self.device(name)
        for key, value in faults.items():
            if not hasattr(device.faults, key):
                raise LabError(f"unknown fault {key!r}")
            setattr(device.faults, key, value)
        if faults.get("change_host_key") and self._loop is not None:
            self.restart_device(name)

    def clear_faults(self, name: str) -> None:
        """Turn every fault off for one device."""
        self.device(name).faults.clear()
