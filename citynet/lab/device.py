"""One simulated device: its configurations, file system, archive, faults and host key."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncssh

from citynet.ios.noise import ModelDefaults
from citynet.lab import archive, grammar, keys
from citynet.lab.config_engine import (
    ConfigNode,
    copy_tree,
    find_hostname,
    load_into,
    parse_config,
    render_body,
    render_config,
)
from citynet.lab.faults import Faults
from citynet.lab.filesystem import Flash
from citynet.lab.owned import add_device_lines
from citynet.lab.shows.model import DeviceFacts

STATE_FILE = "state.json"
HOST_KEY_FILE = "ssh_host_ed25519_key"


STAMP = "%H:%M:%S UTC %a %b %d %Y"
"""How IOS prints the time of a configuration change or save."""


@dataclass
class LabLogin:
    """Login credentials a device accepts."""

    username: str = "admin"
    password: str = "admin"
    enable_secret: str = "enable"
    privilege: int = 15


@dataclass
class ReplaceOutcome:
    """The result of ``configure replace``: rejected lines and whether it was rolled back."""

    rejected: list[str] = field(default_factory=list)
    restored: bool = False


class LabDevice:
    """A simulated Cisco IOS / IOS-XE device.

    Example:
        >>> dev = LabDevice("sw1", "127.0.0.1", 0, "hostname sw1\\n")
        >>> dev.hostname
        'sw1'
    """

    def __init__(
        self,
        name: str,
        address: str,
        port: int = 22,
        config_text: str = "",
        *,
        credentials: LabLogin | None = None,
        facts: DeviceFacts | None = None,
        startup_text: str | None = None,
        filesystem: str = "flash:",
        seconds_per_minute: float = 60.0,
        host_key: asyncssh.SSHKey | None = None,
        device_lines: ModelDefaults | None = None,
    ) -> None:
        """Create a device from a start configuration text.

        Args:
            name: lab name of the device (used when the configuration has no hostname).
            address: listen address; must be in 127.0.0.0/8.
            port: listen port (0 picks a free port when the lab starts).
            config_text: the running configuration to start with.
            credentials: login user, password, enable secret and login privilege.
            facts: model, version and serial number the device reports.
            startup_text: the startup configuration (defaults to the running one).
            filesystem: ``flash:`` or ``bootflash:``.
            seconds_per_minute: length of a "minute" for revert timers (tests shorten it).
            host_key: the SSH host key (created when the lab starts if None).
            device_lines: the lines its model writes into the running configuration by
                itself (``citynet.ios.noise.model_defaults``); None shows only the
                configuration given.
        """
        self.name = name
        self.address = address
        self.port = port
        self.credentials = credentials or LabLogin()
        self.facts = facts or DeviceFacts()
        self.seconds_per_minute = seconds_per_minute
        self.host_key = host_key
        self.faults = Faults()
        self.flash = Flash(filesystem)
        self.archive = archive.ArchiveState()
        self._running: ConfigNode | None = None
        self._pending_text = config_text
        self._startup: str | None = startup_text
        self.last_change = datetime.now(UTC)
        self.last_change_by = "console"
        self.saved_at = self.last_change
        self.saved_by = "console"
        self.loop: asyncio.AbstractEventLoop | None = None
        self.state_dir: Path | None = None
        self.sessions = 0
        self._timer: asyncio.TimerHandle | None = None
        self.device_lines = device_lines
        off = frozenset(device_lines.off_by_default) if device_lines else frozenset()
        self.default_on: frozenset[str] = grammar.DEFAULT_ON_SET - off
        """The commands on by default on this model (see ``ConfigEditor``)."""

    # -- configuration ------------------------------------------------------------
    @property
    def running(self) -> ConfigNode:
        """The running configuration tree (parsed on first use, so big labs start fast)."""
        if self._running is None:
            tree, _ = parse_config(self._pending_text, default_on=self.default_on)
            if tree.find("hostname") is None:
                load_into(tree, f"hostname {self.name}\n", strict=False)
            self._add_device_lines(tree)
            self._running = tree
            if self._startup is None:
                self._startup = render_config(tree)
        return self._running

    @running.setter
    def running(self, tree: ConfigNode) -> None:
        if self._startup is None:
            self._startup = render_config(self.running)
        self._running = tree

    def _add_device_lines(self, tree: ConfigNode) -> None:
        """What the model shows by itself, where the configuration does not set it."""
        if self.device_lines is not None:
            add_device_lines(tree, self.device_lines, self.facts.serial, self.default_on)

    @property
    def startup_text(self) -> str:
        """The startup configuration text."""
        if self._startup is None:
            self._startup = render_config(self.running)
        return self._startup

    @startup_text.setter
    def startup_text(self, text: str) -> None:
        self._startup = text

    @property
    def hostname(self) -> str:
        """The current ``hostname`` (the prompt follows it)."""
        return find_hostname(self.running)

    def set_running_text(self, text: str) -> None:
        """Replace the running configuration with ``text`` (parsed when next used)."""
        if self._startup is None and self._running is not None:
            self._startup = render_config(self._running)
        self._running = None
        self._pending_text = text

    def running_text(self) -> str:
        """The running configuration as a file (``!`` ... ``end``)."""
        return render_config(self.running)

    def show_running(self, body: list[str] | None = None) -> str:
        """``show running-config`` output for the whole configuration or some lines of it."""
        lines = render_body(self.running) if body is None else body
        text = "\n".join(lines)
        header = [
            "Building configuration...",
            "",
            f"Current configuration : {len(text) + 4} bytes",
        ]
        if body is None:
            stamp = self.last_change.strftime(STAMP)
            header += ["!", f"! Last configuration change at {stamp} by {self.last_change_by}"]
            header.append(self._nvram_line("\n".join(["!", *lines, "end", ""])))
        return "\n".join([*header, "!", *lines, "end", ""])

    def _nvram_line(self, running: str) -> str:
        """``! NVRAM config last updated ...``: after the last change when running equals
        startup, before it when the running configuration holds unsaved changes (so the
        header tells what the lab knows, even within one second)."""
        if running == self.startup_text:
            saved = max(self.saved_at, self.last_change)
        else:
            saved = min(self.saved_at, self.last_change - timedelta(seconds=1))
        return f"! NVRAM config last updated at {saved.strftime(STAMP)} by {self.saved_by}"

    def touched(self, user: str) -> None:
        """Record a configuration change by ``user``."""
        self.last_change = datetime.now(UTC)
        self.last_change_by = user

    def merge(self, text: str, user: str) -> list[str]:
        """Merge a configuration file into the running configuration (``copy x running``)."""
        errors = load_into(self.running, text, strict=True, default_on=self.default_on)
        self.touched(user)
        return [line for _, line in errors]

    def replace(self, text: str, user: str, *, trigger_error: bool) -> ReplaceOutcome:
        """``configure replace``: make the running configuration equal to ``text``."""
        before = copy_tree(self.running)
        tree, errors = parse_config(text, strict=True, default_on=self.default_on)
        rejected = [line for _, line in errors]
        if rejected and trigger_error:
            self.running = before
            return ReplaceOutcome(rejected, restored=True)
        if tree.find("hostname") is None:
            load_into(tree, f"hostname {self.hostname}\n", strict=False)
        self._add_device_lines(tree)  # a device cannot remove its own lines
        self.running = tree
        self.touched(user)
        return ReplaceOutcome(rejected)

    def write_memory(self) -> None:
        """Save the running configuration to startup (and archive it when configured)."""
        self.startup_text = self.running_text()
        self.saved_at, self.saved_by = datetime.now(UTC), self.last_change_by
        settings = archive.archive_settings(self.running)
        if settings is not None and "write-memory" in settings:
            self.archive_config()
        self.persist()

    def archive_config(self) -> str | None:
        """Save the running configuration as the next archive file; returns its name."""
        name = archive.next_archive_name(self.running, self.archive)
        if name is None:
            return None
        fs, _, path = name.partition(":")
        self.flash.write(path.lstrip("/"), self.running_text().encode())
        self.archive.counter += 1
        self.archive.files.append(name)
        del fs
        return name

    # -- rollback timer -----------------------------------------------------------
    def start_revert_timer(self, minutes: int, user: str, restore_text: str | None = None) -> None:
        """Arm ``revert timer``: restore the current (or given) configuration unless confirmed."""
        self.cancel_revert_timer()
        text = restore_text if restore_text is not None else self.running_text()
        self.archive.pending = archive.RollbackTimer(text, minutes, user)
        if self.loop is not None:
            delay = minutes * self.seconds_per_minute
            self._timer = self.loop.call_later(delay, self.revert_now)

    def reset_revert_timer(self, minutes: int) -> bool:
        """``configure revert timer N``: restart the pending timer with a new value."""
        pending = self.archive.pending
        if pending is None:
            return False
        self.start_revert_timer(minutes, pending.user, pending.restore_text)
        return True

    def cancel_revert_timer(self) -> None:
        """Stop the timer without touching the configuration."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.archive.pending = None

    def confirm(self) -> bool:
        """``configure confirm``: keep the configuration; False if nothing was pending."""
        pending = self.archive.pending is not None
        self.cancel_revert_timer()
        return pending

    def revert_now(self) -> bool:
        """Restore the configuration saved when the timer was armed."""
        pending = self.archive.pending
        if pending is None:
            return False
        self.cancel_revert_timer()
        self.set_running_text(pending.restore_text)
        self.touched(pending.user)
        self.persist()
        return True

    # -- host key and persistence -------------------------------------------------
    def ensure_host_key(self) -> asyncssh.SSHKey:
        """The host key, loaded from the state directory or created."""
        if self.faults.change_host_key or self.host_key is None:
            if self.state_dir is not None and not self.faults.change_host_key:
                self.host_key = keys.load_or_create_host_key(self.state_dir / HOST_KEY_FILE)
            else:
                self.host_key = keys.new_host_key()
                if self.state_dir is not None:
                    path = self.state_dir / HOST_KEY_FILE
                    path.parent.mkdir(parents=True, exist_ok=True)
                    self.host_key.write_private_key(str(path))
            self.faults.change_host_key = False
        return self.host_key

    def persist(self) -> None:
        """Write running, startup, flash and archive state under the state directory."""
        if self.state_dir is None:
            return
        self.state_dir.mkdir(parents=True, exist_ok=True)
        data = {
            "running": self.running_text(),
            "startup": self.startup_text,
            "flash": self.flash.to_json(),
            "archive": {"files": self.archive.files, "counter": self.archive.counter},
        }
        tmp = self.state_dir / (STATE_FILE + ".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(self.state_dir / STATE_FILE)

    def restore(self) -> bool:
        """Load state saved by :meth:`persist`; False when there is none."""
        if self.state_dir is None or not (self.state_dir / STATE_FILE).exists():
            return False
        data = json.loads((self.state_dir / STATE_FILE).read_text(encoding="utf-8"))
        self.set_running_text(data["running"])
        self.startup_text = data["startup"]
        self.flash = Flash.from_json(self.flash.name, data["flash"])
        self.archive.files = list(data["archive"]["files"])
        self.archive.counter = int(data["archive"]["counter"])
        return True
