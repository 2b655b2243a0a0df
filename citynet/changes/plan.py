"""Change plans: what will be sent to which device, and what takes it back.

Pure: running and target configurations come in (:class:`DeviceInput`), a plan
document comes out (:func:`build_plan`): a JSON-ready dictionary holding, per
device, the pre-change configuration hash, the exact commands (merge) or the hash
of the candidate configuration (replace), the rollback, the expected post-change
hash, the features touched and the risk flags; and for the whole plan its
sites, devices, features, lines added and removed, and risks. Compliant devices
are counted per site, never listed.

:func:`plan_hash` is the SHA-256 of the document's canonical JSON: the plan's
identity. Signatures are made over it, so a plan is never edited; a revision is
a new plan naming its predecessor.

Secrets stay markers in the plan. A command that sets a secret carries its
named marker from the golden config (``key <secret:tacacs_key>``), and each
device lists the names its commands need (``secrets``), so the plan says which
secret goes where; the push fills them in. A rotation (``rotate``) re-sends
every line of a device's golden config that carries a rotated secret, with its
section, even when nothing drifted.

Rollback and secrets: citynet never knows a device's previous secret values.
A rollback line that restores a secret carries the secret's name when the
golden config names that position (``rollback_secrets``): the push fills in
the value it is given for that name at rollback time, so after a rotation the
previous value must be given back first. A rollback line whose secret has no
name (a line the golden config does not have) keeps a bare ``<redacted>``
that no push can fill in; ``rollback_unknown`` counts them, and the packet
says so.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from citynet.changes import risk
from citynet.changes.canonical import digest
from citynet.changes.confighash import BlockCache, config_hash
from citynet.diff.blocks import split_blocks
from citynet.diff.compare import Change, Cmd
from citynet.diff.compliance import assess, default_features
from citynet.diff.engine import DiffResult, diff_configs
from citynet.diff.lockout import target_problem
from citynet.diff.parse import Node, parse
from citynet.diff.remediation import render
from citynet.errors import CitynetError
from citynet.ios.driver import driver_for
from citynet.ios.secrets import NAME_PATTERN, REDACTED, marker, marker_names
from citynet.voice.risk import emergency_routes

FORMAT = 2
"""The plan document's format version (part of the hash)."""
SOURCES = ("drift", "golden")
MODES = ("merge", "replace")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TICKET = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/#-]{0,99}$")
_SECRET_NAME = re.compile(rf"{NAME_PATTERN}\Z")


class PlanError(CitynetError):
    """A plan cannot be made: bad request, or devices that must not be planned."""


@dataclass(frozen=True)
class DeviceInput:
    """One device to plan: its running and target configurations and inventory facts."""

    host: str
    site: str
    site_kind: str
    role: str
    platform: str
    running: str
    golden: str
    running_source: str = "live"
    management_address: str | None = None
    uplinks: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanRequest:
    """Everything about a plan that is not a device."""

    title: str
    source: str
    author: str
    author_key: str
    created_at: str
    uid: str
    policy_hash: str
    mode: str = "merge"
    ticket: str = ""
    emergency: str = ""
    allow_lockout: str = ""
    running_from: str = "backups"
    commit: str | None = None
    dirty_paths: tuple[str, ...] = ()
    public_safety_kinds: frozenset[str] = frozenset()
    predecessor: tuple[int, str] | None = None
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    rotate: tuple[str, ...] = ()


def check_text(value: str, what: str, *, limit: int, required: bool = False) -> str:
    """A one-line text from the command line, trimmed (no control characters).

    Raises:
        PlanError: it is empty when required, too long, or spans lines.

    >>> check_text("  Fix drift  ", "--title", limit=200)
    'Fix drift'
    """
    value = value.strip()
    if required and not value:
        raise PlanError(f"{what} must not be empty; say what the change is for")
    if len(value) > limit:
        raise PlanError(f"{what} is {len(value)} characters long; keep it under {limit + 1}")
    if _CONTROL.search(value):
        raise PlanError(f"{what} holds a newline or control character; write it on one line")
    return value


def check_request(request: PlanRequest) -> None:
    """Refuse a request with a bad title, ticket, source, mode or reason.

    Raises:
        PlanError: what is wrong and how to write it.
    """
    check_text(request.title, "--title", limit=200, required=True)
    if request.ticket and not _TICKET.match(request.ticket):
        raise PlanError(
            f"--ticket {request.ticket!r} is not a ticket id; use letters, digits and . _ : / # -"
        )
    if request.source not in SOURCES:
        raise PlanError(f"--from {request.source!r}: use one of {', '.join(SOURCES)}")
    if request.mode not in MODES:
        raise PlanError(f"--mode {request.mode!r}: use one of {', '.join(MODES)}")
    check_text(request.emergency, "--emergency", limit=500)
    check_text(request.allow_lockout, "--allow-lockout", limit=500)
    for name in request.rotate:
        if not _SECRET_NAME.match(name):
            raise PlanError(
                f"--rotate {name!r} is not a secret's name; names are lowercase letters, "
                "digits and _ as templates write them in secret('name') (like tacacs_key)"
            )


def _changes(result: DiffResult) -> list[dict[str, Any]]:
    return [{"kind": c.kind, "path": list(c.path), "line": c.line} for c in result.changes]


def expected_after(running: str, golden: str, result: DiffResult) -> str:
    """The configuration a merge leaves: the golden one, plus what the device wrote by itself
    (a merge never removes it; the diff engine never counts it as drift): its own top-level
    blocks before the closing ``end``, and its own lines inside a section the golden config
    has. The plan's post-change hash is taken over it.
    """
    from citynet.diff.blocks import split_blocks

    headers = {o.line.strip() for o in result.device_owned if not o.path}
    children: dict[str, list[str]] = {}
    for owned in result.device_owned:
        if len(owned.path) == 1:
            children.setdefault(owned.path[0].strip(), []).append(" " + owned.line.strip())
    if not headers and not children:
        return golden
    blocks = []
    for block in split_blocks(golden):
        block = block.rstrip("\n")
        extra = children.get(block.split("\n", 1)[0].strip())
        blocks.append("\n".join([block, *extra]) if extra else block)
    while blocks and blocks[-1].strip() in ("end", "!", ""):
        blocks.pop()
    own = [
        b.rstrip("\n") for b in split_blocks(running) if b.split("\n", 1)[0].strip() in headers
    ]
    return "\n".join([*blocks, *own, "end"]) + "\n"


@dataclass
class Rotation:
    """What a secret rotation re-sends to one device.

    Attributes:
        names: the rotated secrets this device's golden config uses.
        commands: push-ready lines, each secret line under its section headers.
        entries: each re-sent line: the secret's name, its section path and the line.
        changes: the re-sent lines as the diff engine's changes (for features and risks).
    """

    names: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def _sent(lines: Iterable[str]) -> set[tuple[tuple[str, ...], str]]:
    """Every (section path, line) of push-ready lines (one-space indentation per level)."""
    seen: set[tuple[tuple[str, ...], str]] = set()
    stack: list[tuple[int, str]] = []
    for line in lines:
        stripped = line.lstrip(" ")
        depth = len(line) - len(stripped)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        seen.add((tuple(text for _, text in stack), stripped))
        stack.append((depth, stripped))
    return seen


def rotation_for(
    device: DeviceInput, names: Iterable[str], already: Iterable[str] = ()
) -> Rotation:
    """The lines of a device's golden config that carry the rotated secrets, to re-send.

    Each line comes with its section headers (``tacacs server X`` then
    `` key <secret:tacacs_key>``); a line the remediation ``already`` sends is not
    sent twice.

    >>> golden = "hostname a\\ntacacs server T\\n address ipv4 10.0.0.1\\n key <secret:tk>\\n"
    >>> device = DeviceInput("a", "s", "k", "r", "cisco_ios", "", golden)
    >>> rotation_for(device, ["tk"]).commands
    ['tacacs server T', ' key <secret:tk>']
    """
    wanted = {marker(name): name for name in names if marker(name) in device.golden}
    rotation = Rotation(names=sorted(wanted.values()))
    if not wanted:
        return rotation
    skip = _sent(already)
    # Only the top-level blocks that hold a rotated secret are read (a block is a whole
    # section: its lines' paths are the same as in the whole text).
    blocks = [b for b in split_blocks(device.golden) if any(m in b for m in wanted)]
    tree = parse(
        "\n".join(blocks) + "\n",
        source=f"golden_configs/{device.host}.cfg",
        driver=driver_for(device.platform),
    )

    def visit(node: Node, shown: tuple[str, ...], texts: tuple[str, ...]) -> list[Cmd]:
        cmds: list[Cmd] = []
        for child in node.children:
            sub = visit(child, (*shown, child.shown), (*texts, child.text))
            hits = [name for mark, name in wanted.items() if child.named and mark in child.named]
            if hits and (shown, child.shown) not in skip:
                for name in hits:
                    rotation.entries.append(
                        {"name": name, "path": list(shown), "line": child.shown}
                    )
                rotation.changes.append(Change("rotate", texts, child.text))
            elif not sub:
                continue
            cmds.append(Cmd(child.shown, sub))
        return cmds

    rotation.commands = render(visit(tree, (), ()))
    return rotation


def _needs(lines: Iterable[str]) -> list[str]:
    return sorted({name for line in lines for name in marker_names(line)})


def plan_device(
    device: DeviceInput,
    result: DiffResult,
    request: PlanRequest,
    cache: BlockCache,
    rotation: Rotation | None = None,
) -> dict[str, Any]:
    """The plan entry of one device that differs from its target or gets a rotation."""
    kinds = Counter(c.kind for c in result.changes)
    replace = request.mode == "replace"
    rotation = rotation or Rotation()
    commands = [*result.remediation, *rotation.commands]
    rollback = [*result.rollback, *rotation.commands]
    features = [f.name for f in result.features if f.lines]
    flags = risk.flags_for(
        result,
        device.running,
        device.golden,
        site_kind=device.site_kind,
        public_safety_kinds=request.public_safety_kinds,
        uplinks=device.uplinks,
    )
    if rotation.changes:
        rotated, _ = assess(rotation.changes, (), default_features())
        for feature in rotated:
            if feature.lines and feature.name not in features:
                features.append(feature.name)
        rotated_result = DiffResult(changes=rotation.changes, features=rotated)
        flags = sorted(
            {
                *flags,
                *risk.flags_for(
                    rotated_result,
                    device.running,
                    device.golden,
                    site_kind=device.site_kind,
                    public_safety_kinds=request.public_safety_kinds,
                    uplinks=device.uplinks,
                ),
            }
        )
    return {
        "host": device.host,
        "site": device.site,
        "site_kind": device.site_kind,
        "role": device.role,
        "platform": device.platform,
        "running_source": device.running_source,
        "pre_hash": config_hash(device.running, device.platform, cache=cache),
        "post_hash": config_hash(
            device.golden if replace else expected_after(device.running, device.golden, result),
            device.platform,
            cache=cache,
        ),
        "candidate_sha256": (
            hashlib.sha256(device.golden.encode("utf-8")).hexdigest() if replace else None
        ),
        "commands": [] if replace else commands,
        "rollback": [] if replace else rollback,
        "rollback_method": "replace" if replace else "commands",
        "changes": _changes(result),
        "features": features,
        "added": kinds["missing"],
        "removed": kinds["extra"],
        "reordered": kinds["order"],
        "risks": flags,
        "lockout": [
            {"path": list(r.path), "line": r.line, "reason": r.reason} for r in result.lockout
        ],
        "needs_secrets": result.needs_secrets or bool(rotation.commands),
        "secrets": sorted(marker_names(device.golden)) if replace else _needs(commands),
        "rollback_secrets": [] if replace else _needs(rollback),
        "rollback_unknown": 0 if replace else sum(REDACTED in line for line in rollback),
        "rotated": rotation.names,
        "rotation": rotation.entries,
        **_voice_routes(device),
    }


def _voice_routes(device: DeviceInput) -> dict[str, Any]:
    """911 and 9911 before and after, on a device with dial-peers (for the board)."""
    rows = emergency_routes(device.running, device.golden)
    return {"voice_routes": rows} if rows else {}


Differ = Callable[[DeviceInput], DiffResult]


def default_differ(device: DeviceInput) -> DiffResult:
    """The diff engine on one device's running and target configuration."""
    return diff_configs(
        device.running,
        device.golden,
        platform=device.platform,
        running_name=f"{device.host} running ({device.running_source})",
        golden_name=f"golden_configs/{device.host}.cfg",
        management_address=device.management_address,
    )


def build_plan(
    request: PlanRequest,
    devices: Iterable[DeviceInput],
    *,
    differ: Differ = default_differ,
    cache: BlockCache | None = None,
) -> dict[str, Any] | None:
    """The plan document for the devices that differ from their target (None: none do).

    Raises:
        PlanError: the request is bad; a target is unfit (empty or truncated); or
            a remediation would cut off management access and the request does
            not allow it (every such device is named, with why).
    """
    check_request(request)
    cache = cache if cache is not None else BlockCache()
    planned: list[dict[str, Any]] = []
    compliant: Counter[str] = Counter()
    unfit: list[str] = []
    lockouts: list[str] = []
    known: set[str] = set()
    count = 0
    for device in devices:
        count += 1
        result = differ(device)
        rotation: Rotation | None = None
        if request.rotate:
            known.update(marker_names(device.golden))
            if any(marker(name) in device.golden for name in request.rotate):
                rotation = rotation_for(device, request.rotate, result.remediation)
        if result.compliant and rotation is None:
            compliant[device.site] += 1
            continue
        refused = result.refused
        if result.compliant:
            # A rotation is planned onto no device whose target is unfit either.
            refused = target_problem(device.running, device.golden)
        if refused:
            unfit.append(f"  {device.host}: {refused}")
            continue
        if result.lockout and not request.allow_lockout:
            lockouts.extend(f"  {device.host}: {r}" for r in result.lockout)
        planned.append(plan_device(device, result, request, cache, rotation))
    unknown = [name for name in request.rotate if name not in known]
    if unknown:
        raise PlanError(
            f"--rotate {', '.join(unknown)}: no golden config of the {count} selected "
            f"device(s) uses {', '.join(marker(n) for n in unknown)}; the secrets they use are: "
            + (", ".join(sorted(known)) or "none")
        )
    if unfit:
        raise PlanError(
            f"{len(unfit)} device(s) cannot be planned, their target configuration is unfit; "
            "fix golden_configs/ or leave them out with the filters:\n" + "\n".join(unfit)
        )
    if lockouts:
        raise PlanError(
            "the remediation may cut off management access; check there is another way in "
            "(console, out-of-band) and plan again with --allow-lockout REASON:\n"
            + "\n".join(lockouts)
        )
    if not planned:
        return None
    planned.sort(key=lambda d: (d["site"], d["host"]))
    return _document(request, planned, compliant, count)


def _document(
    request: PlanRequest,
    planned: list[dict[str, Any]],
    compliant: Counter[str],
    selected: int,
) -> dict[str, Any]:
    risks: dict[str, list[str]] = {}
    features: list[str] = []
    secrets: Counter[str] = Counter()
    rotation: dict[str, list[str]] = {name: [] for name in sorted(set(request.rotate))}
    for device in planned:
        secrets.update(device["secrets"])
        for name in device["rotated"]:
            rotation[name].append(device["host"])
        for flag in device["risks"]:
            risks.setdefault(flag, []).append(device["host"])
        for name in device["features"]:
            if name not in features:
                features.append(name)
    return {
        "format": FORMAT,
        "uid": request.uid,
        "title": request.title.strip(),
        "ticket": request.ticket,
        "created_at": request.created_at,
        "author": {"name": request.author, "key": request.author_key},
        "predecessor": (
            {"id": request.predecessor[0], "plan_hash": request.predecessor[1]}
            if request.predecessor
            else None
        ),
        "source": {
            "kind": request.source,
            "running": request.running_from,
            "commit": request.commit,
            "dirty": list(request.dirty_paths),
        },
        "mode": request.mode,
        "rotate": sorted(set(request.rotate)),
        "emergency": request.emergency.strip() or None,
        "allow_lockout": request.allow_lockout.strip() or None,
        "policy_hash": request.policy_hash,
        "selection": {
            "filters": {k: list(v) for k, v in sorted(request.filters.items()) if v},
            "devices": selected,
        },
        "summary": {
            "sites": sorted({d["site"] for d in planned}),
            "devices": len(planned),
            "features": features,
            "added": sum(d["added"] for d in planned),
            "removed": sum(d["removed"] for d in planned),
            "risks": {flag: hosts for flag, hosts in sorted(risks.items())},
            "secrets": dict(sorted(secrets.items())),
            "rotation": rotation,
            "rollback_unknown": sum(d["rollback_unknown"] for d in planned),
        },
        "untouched": {"compliant": dict(sorted(compliant.items()))},
        "devices": planned,
    }


def plan_hash(document: Mapping[str, Any]) -> str:
    """The plan's identity: SHA-256 of its canonical JSON."""
    return digest(dict(document))
