"""One device's push: lease, pre-hash, pre-checks, merge under a revert timer, fresh-session
post-checks, confirm, verify, save; and on any failure, back to the pre-change config.

Every device ends in one named state (:data:`END_STATES`). The sender needs the
gate's :class:`~citynet.push.gate.PushToken`; the store writes (state rows before and
after every send, audit entries per step) go through a recorder
(:class:`citynet.push.leases.RunRecorder`). Sessions come from ``opener``, which
opens a new, independent SSH session each call: the post-checks run on a fresh
one, since an open session survives a change that locks new ones out.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from citynet.changes.confighash import config_hash
from citynet.errors import CitynetError
from citynet.push.checks import Checker
from citynet.push.errors import CONFIG_ERROR_PATTERN, config_error
from citynet.push.gate import PushToken
from citynet.push.leases import LeaseHeld
from citynet.push.replace import ReplaceResult, ReplaceState, Verifier, candidate_problem
from citynet.push.secrets import Secrets

APPLIED = "applied and verified"
ROLLED_BACK = "rolled back"
REVERTED = "reverted by the device"
NOT_ATTEMPTED = "not attempted"
UNKNOWN = "unknown"
END_STATES = (APPLIED, ROLLED_BACK, REVERTED, NOT_ATTEMPTED, UNKNOWN)
SENDING = "sending"
SENT = "sent"
_IN_FLIGHT = (SENDING, SENT)
NOTHING_PENDING = "No Rollback Confirmed Change pending"
"""What IOS answers ``configure revert now`` when no revert timer runs (it already fired)."""


class Recorder(Protocol):
    """Where a device's push is recorded (leases, states, audit)."""

    def take_lease(self, host: str) -> None: ...
    def release_lease(self, host: str) -> None: ...
    def state(self, host: str) -> str | None: ...
    def record(
        self, host: str, state: str, step: str, detail: str = "", **extra: object
    ) -> None: ...


@dataclass(frozen=True)
class DeviceWork:
    """What to do on one device: go from ``from_hash`` to ``to_hash`` with ``commands``."""

    host: str
    platform: str
    commands: tuple[str, ...]
    from_hash: str
    to_hash: str
    features: tuple[str, ...] = ()
    role: str = ""
    mode: str = "merge"
    done_state: str = APPLIED
    """The state recorded when the device reaches ``to_hash`` (a rollback: rolled back)."""
    candidate_sha256: str = ""
    """Replace mode: the SHA-256 of the whole candidate the plan recorded."""


@dataclass(frozen=True)
class PushOptions:
    """How to push."""

    confirm_timeout: int = 5
    """Minutes on the device's revert timer."""
    minute: float = 60.0
    """Seconds in a device minute (the lab's tests shorten it)."""
    rereads: int = 5
    """Re-reads of a device whose state is in doubt, after its timer had time to fire."""
    reread_interval: float = 5.0
    error_pattern: str = CONFIG_ERROR_PATTERN
    read_timeout: float = 60.0
    dry_run: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    observer: Callable[[str, str], None] | None = field(default=None, repr=False, compare=False)
    """Called with (host, step) as the push moves on (progress display; tests' fault hooks)."""


@dataclass(frozen=True)
class DeviceOutcome:
    """How one device ended."""

    host: str
    state: str
    detail: str = ""
    halt: bool = False
    """The rollout must stop (management access may be cut)."""
    succeeded: bool = False
    """The device reached the state the run wanted (applied, or rolled back by a rollback)."""
    started: bool = True
    """False: the run stopped before this device (it counts as no failure)."""

    @property
    def failed(self) -> bool:
        return self.started and (self.halt or not self.succeeded)


Opener = Callable[[], Any]
CandidateLoader = Callable[[], str]
"""Gives a replace's whole candidate, checked against the plan (raises CitynetError if not)."""
Replacer = Callable[[str, Verifier], ReplaceResult]
"""Replaces the device's configuration with a candidate under the revert timer
(:func:`citynet.push.replace.replace_device` bound to the host's target and secrets)."""


def _hash(session: Any, work: DeviceWork, options: PushOptions) -> str:
    text = str(session.send_command("show running-config", read_timeout=options.read_timeout))
    return config_hash(text, work.platform, source=f"{work.host} running-config")


def _close(session: Any) -> None:
    if session is None:
        return
    with contextlib.suppress(Exception):  # a broken session may not close cleanly
        session.disconnect()


class _Run:
    """The steps of one device's push (state shared between them)."""

    def __init__(
        self,
        work: DeviceWork,
        opener: Opener,
        checker: Checker,
        recorder: Recorder,
        secrets: Secrets,
        options: PushOptions,
        candidate: CandidateLoader | None = None,
        replacer: Replacer | None = None,
    ) -> None:
        self.work, self.opener, self.checker = work, opener, checker
        self.recorder, self.secrets, self.options = recorder, secrets, options
        self.candidate, self.replacer = candidate, replacer
        self.sessions: list[Any] = []

    def say(self, step: str) -> None:
        if self.options.observer is not None:
            self.options.observer(self.work.host, step)

    def scrub(self, exc: BaseException | str) -> str:
        text = str(exc).strip().splitlines()
        return self.secrets.scrub(text[0] if text else type(exc).__name__)[:300]

    def open(self) -> Any:
        session = self.opener()
        self.sessions.append(session)
        return session

    def end(
        self, state: str, detail: str, *, halt: bool = False, step: str = "end"
    ) -> DeviceOutcome:
        self.recorder.record(self.work.host, state, step, detail, halt=halt)
        self.say(state)
        return DeviceOutcome(self.work.host, state, detail, halt, state == self.work.done_state)

    # ------------------------------------------------------------ recovery
    def settle(self, session: Any, why: str, *, halt: bool = False) -> DeviceOutcome:
        """Revert now on a live session and prove the device is back at ``from_hash``."""
        work = self.work
        try:
            session.send_command_timing("end")
            answer = str(
                session.send_command("configure revert now", read_timeout=self.options.read_timeout)
            )
            now = _hash(session, work, self.options)
        except Exception as exc:
            return self.wait(f"{why}; the revert could not be sent ({self.scrub(exc)})", halt=halt)
        if now == work.from_hash:
            if NOTHING_PENDING in answer:  # the device's own timer fired before we could revert
                return self.end(
                    REVERTED,
                    f"{why}; the device's timer had already restored the pre-change config",
                    halt=halt,
                )
            return self.end(
                ROLLED_BACK, f"{why}; reverted, back at the pre-change config", halt=halt
            )
        return self.wait(f"{why}; after 'configure revert now' ({answer.strip()[:80]})", halt=halt)

    def wait(self, why: str, *, halt: bool = False) -> DeviceOutcome:
        """The session is gone: let the device's timer fire, then read it back (bounded)."""
        work, options = self.work, self.options
        self.recorder.record(work.host, UNKNOWN, "waiting for the revert timer", why)
        options.sleep(options.confirm_timeout * options.minute + options.reread_interval)
        last = "not read"
        for _ in range(options.rereads):
            try:
                session = self.open()
                now = _hash(session, work, options)
            except Exception as exc:
                last = self.scrub(exc)
                options.sleep(options.reread_interval)
                continue
            if now == work.from_hash:
                return self.end(
                    REVERTED, f"{why}; the device's timer restored the pre-change config", halt=halt
                )
            if now == work.to_hash:
                return self.end(
                    work.done_state,
                    f"{why}; the device kept the change (confirmed before the session was lost)",
                    halt=halt,
                )
            last = f"hash {now[:12]} is neither the pre- nor the post-change hash"
            options.sleep(options.reread_interval)
        return self.end(
            UNKNOWN,
            f"{why}; still unknown after {options.rereads} re-reads ({last}): "
            f"look at {work.host} now",
            halt=True,
        )

    # ------------------------------------------------------------ the push
    def load_candidate(self) -> str | DeviceOutcome:
        """Replace mode: the plan's candidate, refused before any connection if unfit."""
        if self.candidate is None or self.replacer is None:
            return self.end(
                NOT_ATTEMPTED,
                "no candidate to replace the configuration with (a replace change is undone "
                "by planning a change back to the earlier configuration); nothing sent",
                step="candidate",
            )
        try:
            text = self.candidate()
        except CitynetError as exc:
            return self.end(NOT_ATTEMPTED, f"{self.scrub(exc)}; nothing sent", step="candidate")
        problem = candidate_problem(text)
        if problem is not None:
            return self.end(
                NOT_ATTEMPTED,
                f"refusing to replace the configuration: {problem}; nothing sent",
                step="candidate",
            )
        return text

    def run(self, prior: str | None) -> DeviceOutcome:
        work, options = self.work, self.options
        candidate = ""
        if work.mode == "replace" and not options.dry_run:
            loaded = self.load_candidate()
            if isinstance(loaded, DeviceOutcome):
                return loaded
            candidate = loaded
        try:
            first = self.open()
            now = _hash(first, work, options)
        except Exception as exc:
            return self.end(
                NOT_ATTEMPTED, f"cannot read the device: {self.scrub(exc)}", step="pre-hash"
            )
        if now == work.to_hash:
            if options.dry_run:
                return DeviceOutcome(
                    work.host,
                    NOT_ATTEMPTED,
                    "dry run: already at its post-change config",
                    succeeded=True,
                )
            self.recorder.record(work.host, SENT, "found at its post-change hash", prior or "")
            first.send_command("configure confirm")  # a pending timer of a killed run, if any
            first.send_command("write memory")
            return self.end(work.done_state, "found at its post-change config; nothing sent")
        if now != work.from_hash and prior in _IN_FLIGHT and not options.dry_run:
            # A run that died while sending: the device's timer restores it; wait for that.
            self.recorder.record(work.host, prior, "waiting for a dead run's revert timer")
            _close(first)
            options.sleep(options.confirm_timeout * options.minute + options.reread_interval)
            for _ in range(options.rereads):
                try:
                    first = self.open()
                    now = _hash(first, work, options)
                except Exception:
                    options.sleep(options.reread_interval)
                    continue
                if now in (work.from_hash, work.to_hash):
                    break
                options.sleep(options.reread_interval)
            if now == work.to_hash:
                return self.run(prior)
            if now != work.from_hash:
                return self.end(
                    NOT_ATTEMPTED,
                    f"a run that died while sending left it at hash {now[:12]}, neither the "
                    "pre- nor the post-change one, and no revert timer has restored it yet; "
                    "nothing sent: look at the device, then apply again",
                    step="pre-hash",
                )
        if now != work.from_hash:
            return self.end(
                NOT_ATTEMPTED,
                f"drifted since approval: its config hashes to {now[:12]}, the plan expects "
                f"{work.from_hash[:12]}; nothing sent, plan it again",
                step="pre-hash",
            )
        if options.dry_run:
            return DeviceOutcome(
                work.host,
                NOT_ATTEMPTED,
                "dry run: at its pre-change config, would push",
                succeeded=True,
            )
        self.say("pre-checks")
        pre = self.checker.take(first.send_command, work.platform, work.features, work.role)
        if work.mode == "replace":
            return self.replace(first, pre, candidate)
        return self.merge(first, pre)

    def merge(self, first: Any, pre: Any) -> DeviceOutcome:
        """Merge: the approved lines inside ``configure terminal revert timer N``."""
        work, options = self.work, self.options
        self.recorder.record(work.host, SENDING, "send", f"{len(work.commands)} line(s)")
        self.say(SENDING)
        try:
            output = first.send_config_set(
                self.secrets.fill(work.commands),
                config_mode_command=f"configure terminal revert timer {options.confirm_timeout}",
                error_pattern=options.error_pattern,
                cmd_verify=True,
                read_timeout=options.read_timeout,
            )
        except Exception as exc:
            from netmiko.exceptions import ConfigInvalidException

            if isinstance(exc, ConfigInvalidException):
                return self.settle(first, f"the device refused a line: {self.scrub(exc)}")
            return self.wait(f"the session was lost while sending: {self.scrub(exc)}")
        error = config_error(str(output))
        if error is not None:
            return self.settle(first, f"the device refused a line: {self.secrets.scrub(error)}")
        self.recorder.record(work.host, SENT, "sent")
        self.say(SENT)
        try:
            fresh = self.open()
        except Exception as exc:
            why = (
                f"a fresh SSH session failed after the change ({self.scrub(exc)}): "
                "it may cut off management access"
            )
            return self.settle(first, why, halt=True)
        try:
            now = _hash(fresh, work, options)
            if now != work.to_hash:
                return self.settle(
                    fresh,
                    f"after the change the config hashes to {now[:12]}, not the planned "
                    f"{work.to_hash[:12]}",
                )
            self.say("post-checks")
            post = self.checker.take(fresh.send_command, work.platform, work.features, work.role)
            problems = self.checker.compare(pre, post)
            if problems:
                return self.settle(fresh, "post-checks failed: " + "; ".join(problems[:5]))
            self.say("confirm")
            fresh.send_command("configure confirm", read_timeout=options.read_timeout)
        except Exception as exc:
            return self.wait(f"the session was lost before the confirm: {self.scrub(exc)}")
        self.recorder.record(work.host, SENT, "confirmed")
        try:
            now = _hash(fresh, work, options)
            fresh.send_command("write memory", read_timeout=options.read_timeout)
        except Exception as exc:
            return self.wait(f"the session was lost after the confirm: {self.scrub(exc)}")
        if now != work.to_hash:
            return self.wait(f"the confirm did not take: the config then hashed to {now[:12]}")
        return self.end(work.done_state, "confirmed and verified at the post-change hash; saved")

    def replace(self, first: Any, pre: Any, candidate: str) -> DeviceOutcome:
        """Replace: NAPALM's configure replace under the revert timer, verified from a fresh
        session (hash and post-checks) before the confirm."""
        work, options = self.work, self.options
        assert self.replacer is not None
        _close(first)  # NAPALM opens its own session; the pre-checks are taken
        verdict: list[str] = []

        def verify(host: str) -> bool:
            self.recorder.record(work.host, SENT, "committed")
            self.say(SENT)
            try:
                fresh = self.open()
            except Exception as exc:
                verdict.append(
                    f"a fresh SSH session failed after the change ({self.scrub(exc)}): "
                    "it may cut off management access"
                )
                return False
            now = _hash(fresh, work, options)
            if now != work.to_hash:
                verdict.append(
                    f"after the change the config hashes to {now[:12]}, not the planned "
                    f"{work.to_hash[:12]}"
                )
                return False
            self.say("post-checks")
            post = self.checker.take(fresh.send_command, work.platform, work.features, work.role)
            problems = self.checker.compare(pre, post)
            if problems:
                verdict.append("post-checks failed: " + "; ".join(problems[:5]))
                return False
            self.say("confirm")
            return True

        self.recorder.record(
            work.host, SENDING, "replace", "the whole candidate (configure replace)"
        )
        self.say(SENDING)
        try:
            result = self.replacer(candidate, verify)
        except CitynetError as exc:
            # refused or unreachable before anything was committed: prove it
            return self.check_back(f"nothing committed: {self.scrub(exc)}", NOT_ATTEMPTED)
        why = verdict[0] if verdict else self.secrets.scrub(result.detail or result.state.value)
        halt = why.startswith("a fresh SSH session failed")
        if result.state in (ReplaceState.CONFIRMED, ReplaceState.UNCHANGED):
            try:
                session = self.open()
                now = _hash(session, work, options)
                session.send_command_timing("write memory", read_timeout=options.read_timeout)
            except Exception as exc:
                return self.wait(f"the session was lost after the confirm: {self.scrub(exc)}")
            if now != work.to_hash:
                return self.wait(
                    f"the confirm did not take: the config then hashed to {now[:12]}"
                )
            return self.end(
                work.done_state, "replaced, confirmed and verified at the post-change hash; saved"
            )
        if result.state is ReplaceState.REVERTING:
            return self.wait(f"the session was lost before the confirm: {why}", halt=halt)
        if result.state is ReplaceState.REJECTED:
            why = f"the device refused a line of the candidate: {why}"
        return self.check_back(why, ROLLED_BACK, halt=halt)

    def check_back(self, why: str, state: str, *, halt: bool = False) -> DeviceOutcome:
        """Read the device again: at its pre-change config ends in ``state``, else wait."""
        work = self.work
        try:
            now = _hash(self.open(), work, self.options)
        except Exception as exc:
            return self.wait(f"{why}; then it could not be read ({self.scrub(exc)})", halt=halt)
        if now == work.from_hash:
            tail = "back at the pre-change config" if state == ROLLED_BACK else "unchanged"
            return self.end(state, f"{why}; {tail}", halt=halt)
        return self.wait(f"{why}; its config then hashed to {now[:12]}", halt=halt)


def push_device(
    token: PushToken,
    work: DeviceWork,
    *,
    opener: Opener,
    checker: Checker,
    recorder: Recorder,
    secrets: Secrets,
    options: PushOptions,
    candidate: CandidateLoader | None = None,
    replacer: Replacer | None = None,
) -> DeviceOutcome:
    """Push one device (see the module documentation); never raises for a device failure.

    Replace mode (``work.mode == "replace"``) needs ``candidate`` (the plan's whole
    candidate, checked against its SHA-256) and ``replacer``; without them the device is
    not attempted. The candidate is loaded and checked before any connection.

    Raises:
        PushRefused: the token is not the gate's, or not for this device.
    """
    token.check(work.host)
    prior = recorder.state(work.host)
    if prior == work.done_state:
        return DeviceOutcome(
            work.host,
            work.done_state,
            "already done in an earlier run; nothing sent",
            succeeded=True,
        )
    if options.dry_run:
        run = _Run(work, opener, checker, recorder, secrets, options, candidate, replacer)
        try:
            return run.run(prior)
        finally:
            for session in run.sessions:
                _close(session)
    try:
        recorder.take_lease(work.host)
    except LeaseHeld as exc:
        return DeviceOutcome(work.host, NOT_ATTEMPTED, str(exc))
    run = _Run(work, opener, checker, recorder, secrets, options, candidate, replacer)
    try:
        return run.run(prior)
    except CitynetError:
        raise
    except Exception as exc:
        return run.wait(f"unexpected failure: {type(exc).__name__}: {run.scrub(exc)}")
    finally:
        for session in run.sessions:
            _close(session)
        recorder.release_lease(work.host)


def works_from_plan(
    devices: Sequence[dict[str, Any]], *, rollback: bool = False
) -> list[DeviceWork]:
    """The work per device of a plan's devices (a rollback goes the other way)."""
    works = []
    for d in devices:
        works.append(
            DeviceWork(
                host=str(d["host"]),
                platform=str(d.get("platform") or "cisco_iosxe"),
                commands=tuple(
                    str(c) for c in (d.get("rollback" if rollback else "commands") or ())
                ),
                from_hash=str(d["post_hash"] if rollback else d["pre_hash"]),
                to_hash=str(d["pre_hash"] if rollback else d["post_hash"]),
                features=tuple(d.get("features") or ()),
                role=str(d.get("role") or ""),
                mode="merge" if d.get("candidate_sha256") is None else "replace",
                done_state=ROLLED_BACK if rollback else APPLIED,
                candidate_sha256=str(d.get("candidate_sha256") or ""),
            )
        )
    return works
