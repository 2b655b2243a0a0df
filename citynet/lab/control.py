"""Running the lab as a background process: plan, start, status, stop and faults.

``citynet lab up`` writes a plan (device specs, no secrets) under the lab state
directory and starts ``python -m citynet.lab.daemon``; the daemon reads the
credentials from the environment, serves every device, writes ``lab.json``
(pid and endpoints) and applies ``faults.json`` whenever it changes.
``lab status`` and ``lab down`` read ``lab.json``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from citynet.lab.device import LabLogin
from citynet.lab.faults import FAULT_NAMES
from citynet.lab.outofband import seed_drift
from citynet.lab.server import Lab, LabError
from citynet.lab.shows.model import Neighbor
from citynet.lab.specs import DeviceSpec, device_from_spec

PLAN_FILE = "plan.json"
STATUS_FILE = "lab.json"
FAULTS_FILE = "faults.json"
DRIFT_FILE = "drift.json"
LOG_FILE = "lab.log"
POLL_SECONDS = 0.3


def credentials_from_env(env: Mapping[str, str]) -> LabLogin:
    """Lab credentials from ``CITYNET_USERNAME``/``CITYNET_PASSWORD``/``CITYNET_ENABLE_SECRET``.

    Raises:
        LabError: when the user name or password is not set.
    """
    missing = [k for k in ("CITYNET_USERNAME", "CITYNET_PASSWORD") if not env.get(k)]
    if missing:
        raise LabError(
            f"set {' and '.join(missing)} in the environment: the lab accepts the same "
            "credentials as the devices"
        )
    password = env["CITYNET_PASSWORD"]
    secret = env.get("CITYNET_ENABLE_SECRET") or password
    return LabLogin(env["CITYNET_USERNAME"], password, secret)


def _atomic_write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
    tmp.replace(path)


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_plan(
    state_dir: Path,
    specs: list[DeviceSpec],
    *,
    known_hosts: Path | None = None,
    seconds_per_minute: float = 60.0,
    drift: int = 0,
    drift_seed: int = 0,
) -> None:
    """Save the devices the daemon should serve (no credentials are written).

    Args:
        state_dir: the lab state directory.
        specs: the devices.
        known_hosts: file the daemon registers every host key in.
        seconds_per_minute: length of a revert-timer minute (shorter in tests).
        drift: number of devices the daemon gives out-of-band changes when it starts
            (recorded in ``drift.json``; applied once).
        drift_seed: seed choosing those devices and changes.
    """
    _atomic_write(
        state_dir / PLAN_FILE,
        {
            "known_hosts": str(known_hosts) if known_hosts else None,
            "seconds_per_minute": seconds_per_minute,
            "drift": drift,
            "drift_seed": drift_seed,
            "devices": [asdict(spec) for spec in specs],
        },
    )


def read_plan(state_dir: Path) -> tuple[list[DeviceSpec], Path | None, float]:
    """The specs, known_hosts path and revert-timer minute saved by :func:`write_plan`."""
    data = _read(state_dir / PLAN_FILE)
    if not isinstance(data, dict):
        raise LabError(f"no lab plan in {state_dir / PLAN_FILE}; run 'citynet lab up' first")
    specs = []
    for item in data["devices"]:
        neighbors = tuple(Neighbor(**n) for n in item.pop("neighbors", []))
        specs.append(DeviceSpec(**item, neighbors=neighbors))
    hosts = Path(data["known_hosts"]) if data.get("known_hosts") else None
    return specs, hosts, float(data.get("seconds_per_minute", 60.0))


async def serve(state_dir: Path, env: Mapping[str, str], stop: asyncio.Event) -> None:
    """Serve the planned devices until ``stop`` is set (the daemon's main loop)."""
    specs, known_hosts, minute = read_plan(state_dir)
    credentials = credentials_from_env(env)
    devices = [device_from_spec(s, credentials, seconds_per_minute=minute) for s in specs]
    lab = Lab(devices, state_dir / "devices")
    await lab.start_async()
    plan = _read(state_dir / PLAN_FILE) or {}
    if int(plan.get("drift", 0)) > 0:
        drifted = seed_drift(devices, int(plan["drift"]), int(plan.get("drift_seed", 0)))
        for device in devices:
            device.persist()
        _atomic_write(state_dir / DRIFT_FILE, drifted)
        plan["drift"] = 0
        _atomic_write(state_dir / PLAN_FILE, plan)
    try:
        if known_hosts is not None:
            lab.register_host_keys(known_hosts)
        _atomic_write(
            state_dir / STATUS_FILE,
            {
                "pid": os.getpid(),
                "started": time.time(),
                "devices": {name: list(ep) for name, ep in lab.endpoints().items()},
            },
        )
        seen: float | None = None
        rotations: dict[str, int] = {}
        while not stop.is_set():
            seen = await _apply_faults(lab, state_dir, seen, known_hosts, rotations)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), POLL_SECONDS)
    finally:
        await lab.stop_async()
        with contextlib.suppress(FileNotFoundError):
            (state_dir / STATUS_FILE).unlink()


async def _apply_faults(
    lab: Lab,
    state_dir: Path,
    seen: float | None,
    known_hosts: Path | None,
    rotations: dict[str, int],
) -> float | None:
    """Apply ``faults.json`` when it changed; a new host key each time its counter grows."""
    path = state_dir / FAULTS_FILE
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return seen
    if mtime == seen:
        return seen
    wanted = _read(path) or {}
    for name, device in lab.devices.items():
        settings = dict(wanted.get(name, {}))
        counter = int(settings.pop("change_host_key", 0) or 0)
        device.faults.clear()
        for key, value in settings.items():
            if key in FAULT_NAMES:
                setattr(device.faults, key, value)
        if counter > rotations.get(name, 0):
            rotations[name] = counter
            device.faults.change_host_key = True
            await lab.restart_device_async(name)
            if known_hosts is not None:
                lab.register_host_keys(known_hosts)
    return mtime


def set_faults(state_dir: Path, name: str, **faults: object) -> dict[str, Any]:
    """Ask the running lab to show faults on one device; returns that device's faults."""
    unknown = sorted(set(faults) - set(FAULT_NAMES))
    if unknown:
        raise LabError(f"unknown fault(s) {', '.join(unknown)}; known: {', '.join(FAULT_NAMES)}")
    data = _read(state_dir / FAULTS_FILE) or {}
    current = dict(data.get(name, {}))
    rotations = int(current.get("change_host_key", 0) or 0)
    current.update(faults)
    if "change_host_key" in faults:
        # a one-shot action: a counter, so the daemon rotates exactly once per request
        current["change_host_key"] = rotations + 1 if faults["change_host_key"] else rotations
    data[name] = current
    _atomic_write(state_dir / FAULTS_FILE, data)
    return current


def clear_faults(state_dir: Path, name: str | None = None) -> None:
    """Clear the faults of one device, or of every device when ``name`` is None."""
    data = _read(state_dir / FAULTS_FILE) or {}
    if name is None:
        data = {}
    else:
        data.pop(name, None)
    _atomic_write(state_dir / FAULTS_FILE, data)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def status(state_dir: Path) -> dict[str, Any] | None:
    """``lab.json`` of the running lab (pid, devices), or None when no lab runs."""
    data = _read(state_dir / STATUS_FILE)
    if not isinstance(data, dict) or not _alive(int(data.get("pid", 0))):
        return None
    faults = _read(state_dir / FAULTS_FILE) or {}
    data["faults"] = {k: v for k, v in faults.items() if v}
    return data


def start_background(
    state_dir: Path, env: Mapping[str, str] | None = None, timeout: float = 120.0
) -> dict[str, Any]:
    """Start the daemon for the saved plan and wait until every device listens."""
    if status(state_dir) is not None:
        raise LabError(f"a lab is already running from {state_dir}; run 'citynet lab down'")
    credentials_from_env(env if env is not None else os.environ)
    for stale in (STATUS_FILE, FAULTS_FILE):
        with contextlib.suppress(FileNotFoundError):
            (state_dir / stale).unlink()
    state_dir.mkdir(parents=True, exist_ok=True)
    log = (state_dir / LOG_FILE).open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "citynet.lab.daemon", str(state_dir)],
        env=dict(env) if env is not None else None,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        data = status(state_dir)
        if data is not None and data.get("pid") == process.pid:
            return data
        if process.poll() is not None:
            tail = (state_dir / LOG_FILE).read_text(encoding="utf-8", errors="replace")[-800:]
            raise LabError(f"the lab stopped while starting:\n{tail}")
        time.sleep(0.1)
    process.terminate()
    raise LabError(f"the lab did not start within {timeout:.0f} s; see {state_dir / LOG_FILE}")


def stop_background(state_dir: Path, timeout: float = 30.0) -> bool:
    """Stop the running lab (it saves every device's state); False if none was running."""
    data = status(state_dir)
    if data is None:
        return False
    pid = int(data["pid"])
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    return True
