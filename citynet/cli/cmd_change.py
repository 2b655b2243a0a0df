"""``citynet change plan|list|show|report|approve|reject|withdraw|review``.

A plan is made from the latest backups (or live) against the golden configs,
signed by its author and stored; the board reads its packet (``report``);
approvers sign it (``approve``). Who acts is whoever's SSH key signs, as the
change policy (``inventory/change_policy.yaml``) lists it; never a variable.
"""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.report.change_packet import PACKET_FORMATS
from citynet.report.change_report import CHANGE_LIST_FORMATS, CHANGE_SHOW_FORMATS, PLAN_FORMATS
from citynet.report.push_report import PUSH_FORMATS

if TYPE_CHECKING:
    from citynet.changes.approvals import Signed, Status
    from citynet.changes.policy import Policy
    from citynet.changes.service import LoadedPlan
    from citynet.changes.store import ChangeStore

HELP = "plan a change, show it to the board, approve it, apply it, roll it back"


def _key_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--key",
        metavar="PATH",
        help="your SSH key (a private key, or a .pub whose private half is in ssh-agent); "
        "default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa, else the agent's key the policy lists",
    )


def _change_id(text: str) -> int:
    if not text.isdigit() or len(text) > 9:
        raise argparse.ArgumentTypeError(f"{text!r} is not a change id (a number)")
    return int(text)


def configure(parser: argparse.ArgumentParser) -> None:
    from citynet.cli.fleetrun import add_connection_options

    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    plan = sub.add_parser("plan", help="plan a change from drift or from golden configs (exit 3)")
    common.add_filters(plan)
    plan.add_argument("--title", required=True, help="what the change is for (one line)")
    plan.add_argument("--ticket", default="", metavar="ID", help="the change ticket")
    plan.add_argument(
        "--from",
        dest="source",
        required=True,
        choices=("drift", "golden"),
        help="drift: bring drifted devices back to golden; golden: roll out the golden "
        "configs of the current git commit",
    )
    plan.add_argument(
        "--mode",
        choices=("merge", "replace"),
        default="merge",
        help="merge: send the exact commands; replace: replace the whole configuration "
        "(the board approves the candidate's hash) (default: merge)",
    )
    plan.add_argument("--emergency", default="", metavar="REASON", help="an emergency change")
    plan.add_argument(
        "--allow-lockout",
        default="",
        metavar="REASON",
        help="plan remediations that may cut off management access, and say why it is safe",
    )
    plan.add_argument(
        "--allow-dirty",
        action="store_true",
        help="golden: plan from a workspace with uncommitted changes (recorded in the plan)",
    )
    plan.add_argument(
        "--live", action="store_true", help="back up the devices now instead of using the latest"
    )
    plan.add_argument(
        "--revises", type=_change_id, metavar="ID", help="this plan replaces change ID"
    )
    plan.add_argument(
        "--rotate",
        action="append",
        default=[],
        metavar="NAME",
        help="rotate the secret NAME (as templates name it, e.g. tacacs_key): re-send every "
        "line that carries <secret:NAME> on the selected devices, drifted or not; repeatable",
    )
    _key_option(plan)
    add_connection_options(plan)
    common.add_format(plan, PLAN_FORMATS)
    plan.set_defaults(handler=run_plan)

    listing = sub.add_parser("list", help="the changes, newest first")
    common.add_filters(listing)
    listing.add_argument("--status", action="append", default=[], help="only these states")
    common.add_format(listing, CHANGE_LIST_FORMATS)
    listing.set_defaults(handler=run_list)

    show = sub.add_parser("show", help="one change: approvable, approved, expired, frozen, why")
    show.add_argument("change", type=_change_id, metavar="ID")
    common.add_format(show, CHANGE_SHOW_FORMATS)
    show.set_defaults(handler=run_show)

    report = sub.add_parser("report", help="the change board's packet (HTML, Markdown, JSON)")
    report.add_argument("change", type=_change_id, metavar="ID")
    common.add_format(report, PACKET_FORMATS)
    report.set_defaults(handler=run_report)

    for action, text in (
        ("approve", "approve a change (signed with your SSH key)"),
        ("reject", "reject a change, saying why (signed)"),
        ("withdraw", "withdraw your own change (signed)"),
        ("review", "review an emergency change after the fact (signed)"),
    ):
        command = sub.add_parser(action, help=text)
        command.add_argument("change", type=_change_id, metavar="ID")
        command.add_argument(
            "--comment", default="", required=action == "reject", help="shown to the board"
        )
        _key_option(command)
        command.set_defaults(handler=run_action, signed_action=action)

    _configure_push(sub)


def _configure_push(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from citynet.cli.fleetrun import add_connection_options

    apply = sub.add_parser(
        "apply", help="push an approved change: canary, waves, revert timers (exit 1: not all)"
    )
    apply.add_argument("change", type=_change_id, metavar="ID")
    canary = apply.add_mutually_exclusive_group()
    canary.add_argument("--canary", type=int, default=0, metavar="N", help="N devices first")
    canary.add_argument("--canary-site", metavar="SITE", help="every device of SITE first")
    apply.add_argument(
        "--wave-size", type=int, default=1, metavar="N", help="sites per wave (default: 1)"
    )
    apply.add_argument(
        "--max-failures",
        default="0",
        metavar="N|P%",
        help="stop starting devices once more than this many fail (default: 0)",
    )
    apply.add_argument(
        "--dry-run",
        action="store_true",
        help="the gate and the pre-change hash of every device; nothing is sent",
    )
    rollback = sub.add_parser(
        "rollback", help="send the stored rollback to the devices a change was applied to"
    )
    rollback.add_argument("change", type=_change_id, metavar="ID")
    common.add_filters(rollback)
    for command in (apply, rollback):
        command.add_argument(
            "--confirm-timeout",
            type=int,
            default=5,
            metavar="MIN",
            help="minutes on each device's revert timer (default: 5)",
        )
        _key_option(command)
        add_connection_options(command)
        common.add_format(command, PUSH_FORMATS)
    apply.set_defaults(handler=run_push, push_action="apply")
    rollback.set_defaults(handler=run_push, push_action="rollback", dry_run=False)


# ------------------------------------------------------------------------------ helpers
def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def open_store(ctx: Context) -> ChangeStore:
    """The workspace's change store (created or upgraded as needed)."""
    from citynet.changes.store import ChangeStore

    return ChangeStore.open(ctx.workspace().database_url(ctx.env))


def current_policy(ctx: Context) -> Policy:
    """The change policy of the workspace."""
    from citynet.changes.policy import POLICY_FILE, load_policy

    return load_policy(ctx.workspace().root / POLICY_FILE, POLICY_FILE)


def _key_path(args: argparse.Namespace, ctx: Context, policy: Policy) -> Path:
    from citynet.changes.signing import default_key

    if args.key:
        path = Path(args.key).expanduser()
        return path if path.is_absolute() else ctx.cwd / path
    return default_key(ctx.env, wanted=lambda key: policy.person_with_key(key) is not None)


def sign_action(
    args: argparse.Namespace,
    ctx: Context,
    policy: Policy,
    action: str,
    *,
    plan_hash: str,
    change_id: int | None,
    now: datetime,
    comment: str = "",
) -> Signed:
    """Build the payload of an action, sign it with the actor's key, and read it back."""
    from citynet.changes.approvals import check_signature, make_payload
    from citynet.changes.signing import sign

    text = make_payload(
        action,
        plan_hash=plan_hash,
        policy_hash=policy.hash,
        when=now,
        change_id=change_id,
        comment=comment,
    )
    signature = sign(text.encode("utf-8"), _key_path(args, ctx, policy), ctx.env)
    return check_signature(text, signature)


# ------------------------------------------------------------------------------ plan
def run_plan(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.backup.store import BackupStore
    from citynet.changes import service, sources
    from citynet.changes.approvals import ROLE_FOR, timestamp
    from citynet.changes.confighash import BlockCache
    from citynet.changes.plan import PlanRequest, build_plan, check_text, plan_hash
    from citynet.changes.signing import public_key_of
    from citynet.errors import ApprovalError
    from citynet.inventory.filters import select

    workspace = ctx.workspace()
    policy = current_policy(ctx)
    title = check_text(args.title, "--title", limit=200, required=True)
    now = _now()
    user = service.os_user(ctx.env)
    key = public_key_of(_key_path(args, ctx, policy))
    author = policy.person_with_key(key)
    store = open_store(ctx)
    try:
        if author is None or ROLE_FOR["plan"] not in author.roles:
            reason = (
                f"the key {key.fingerprint} is not listed in the change policy"
                if author is None
                else f"{author.describe()} may not plan: that needs the 'plan' role"
            )
            service.refuse_unsigned(
                store,
                policy,
                None,
                "plan",
                reason,
                now=now,
                user=user,
                key_fingerprint=key.fingerprint,
            )
            raise ApprovalError(reason)
        predecessor = None
        if args.revises is not None:
            with store.read() as session:
                old = service.load_plan(session, args.revises)
                predecessor = (old.row.id, old.row.plan_hash)
        state = sources.git_state(workspace.root)
        sources.check_git(state, source=args.source, allow_dirty=args.allow_dirty)
        inventory = common.load_inventory(ctx)
        views = select(inventory, common.host_filter(args))
        backups = BackupStore(workspace.state_dir / "backups")
        if args.live:
            from citynet.cli.fleetrun import fleet
            from playbooks import PLAYBOOKS

            _, _, _, (nornir, options) = fleet(args, ctx, "collecting")
            outcomes = PLAYBOOKS["backup"](
                nornir, backups, settings=workspace.settings, options=options
            )
            failed = [o for o in outcomes if getattr(o, "error", "")]
            if failed:
                ctx.stderr.write("".join(f"{o.host}: {o.error}\n" for o in failed))
                return ExitStatus.ERROR
        devices = sources.from_backups(inventory, views, workspace.golden_dir, backups)
        request = PlanRequest(
            title=title,
            source=args.source,
            author=author.name,
            author_key=key.fingerprint,
            created_at=timestamp(now),
            uid=uuid.uuid4().hex,
            policy_hash=policy.hash,
            mode=args.mode,
            ticket=args.ticket.strip(),
            emergency=args.emergency,
            allow_lockout=args.allow_lockout,
            running_from="live" if args.live else "backups",
            commit=state.commit,
            dirty_paths=state.dirty,
            public_safety_kinds=policy.public_safety_kinds,
            predecessor=predecessor,
            filters={
                "host": tuple(args.host),
                "site": tuple(args.site),
                "role": tuple(args.role),
                "platform": tuple(args.platform),
                "tag": tuple(args.tag),
            },
            rotate=tuple(dict.fromkeys(args.rotate)),
        )
        document = build_plan(request, devices, cache=BlockCache())
        if document is None:
            ctx.stdout.write(
                f"nothing to change: {len(devices)} device(s) match their golden "
                "configs; no plan made\n"
            )
            return ExitStatus.SUCCESS
        digest = plan_hash(document)
        signed = sign_action(args, ctx, policy, "plan", plan_hash=digest, change_id=None, now=now)
        change_id = service.create_plan(store, policy, document, signed, now=now, user=user)
        with store.read() as session:
            loaded = service.load_plan(session, change_id)
        status = service.status_of(policy, loaded, now)
    finally:
        store.close()
    with common.output_stream(args, ctx) as out:
        PLAN_FORMATS[args.format](
            out,
            {
                "change": change_id,
                "plan_hash": digest,
                "author": document["author"]["name"],
                "status": status.state,
                "risk": status.quorum.level,
                "needs": status.quorum.describe(),
                "emergency": document.get("emergency"),
                "allow_lockout": document.get("allow_lockout"),
                "summary": document["summary"],
            },
        )
    return ExitStatus.DIFFERENCES


# ------------------------------------------------------------------------------ reading
def _load(ctx: Context, change_id: int) -> tuple[Policy, LoadedPlan, Status, datetime]:
    from citynet.changes import service

    policy = current_policy(ctx)
    now = _now()
    with open_store(ctx) as store, store.read() as session:
        plan = service.load_plan(session, change_id)
    return policy, plan, service.status_of(policy, plan, now), now


def run_list(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.changes import service

    policy = current_policy(ctx)
    now = _now()
    wanted: set[str] | None = None
    if not common.host_filter(args).empty:
        from citynet.inventory.filters import select

        wanted = {v.name for v in select(common.load_inventory(ctx), common.host_filter(args))}
    with open_store(ctx) as store, store.read() as session:
        plans = [p for p in service.list_plans(session) if service.touches(p, wanted)]
    rows = []
    for plan in plans:
        status = service.status_of(policy, plan, now)
        if args.status and not any(status.state.startswith(s) for s in args.status):
            continue
        rows.append(service.plan_summary_row(plan, status))
    with common.output_stream(args, ctx) as out:
        CHANGE_LIST_FORMATS[args.format](out, rows)
    return ExitStatus.SUCCESS


def run_show(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.report import change_packet

    policy, plan, status, _ = _load(ctx, args.change)
    summary = plan.document.get("summary") or {}
    data = {
        **change_packet.status_dict(plan.row.id, status, policy),
        "title": plan.row.title,
        "author": plan.row.author,
        "created_at": plan.row.created_at,
        "ticket": plan.row.ticket,
        "source": plan.row.source,
        "mode": plan.row.mode,
        "emergency": plan.document.get("emergency"),
        "plan_hash": plan.row.plan_hash,
        "summary": summary,
    }
    with common.output_stream(args, ctx) as out:
        CHANGE_SHOW_FORMATS[args.format](out, data)
    return ExitStatus.SUCCESS


def run_report(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.changes.audit import details_of
    from citynet.report import change_packet

    policy, plan, status, now = _load(ctx, args.change)
    history = [
        {
            "seq": e.seq,
            "time": e.recorded_at,
            "action": e.action,
            "actor": e.actor,
            "details": details_of(e),
        }
        for e in plan.entries
    ]
    packet = change_packet.packet(
        plan.row.id, plan.row.plan_hash, plan.document, status, policy, history, generated=now
    )
    with common.output_stream(args, ctx) as out:
        PACKET_FORMATS[args.format](out, packet)
    if args.output:
        ctx.stdout.write(f"{args.output}: change {plan.row.id}, {status.state}\n")
    return ExitStatus.SUCCESS


# ------------------------------------------------------------------------------ actions
def run_action(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.changes import service
    from citynet.changes.plan import check_text

    action = args.signed_action
    policy = current_policy(ctx)
    comment = check_text(args.comment, "--comment", limit=500, required=action == "reject")
    now = _now()
    user = service.os_user(ctx.env)
    with open_store(ctx) as store:
        with store.read() as session:
            plan = service.load_plan(session, args.change)
        signed = sign_action(
            args,
            ctx,
            policy,
            action,
            plan_hash=plan.row.plan_hash,
            change_id=plan.row.id,
            now=now,
            comment=comment,
        )
        row = service.record_action(store, policy, args.change, action, signed, now=now, user=user)
        with store.read() as session:
            status = service.status_of(policy, service.load_plan(session, args.change), now)
    past = {
        "approve": "approved",
        "reject": "rejected",
        "withdraw": "withdrawn",
        "review": "reviewed",
    }[action]
    ctx.stdout.write(f"change {args.change} {past} by {row.actor} (audit entry {row.seq})\n")
    ctx.stdout.write(f"status: {status.verdict}\n")
    return ExitStatus.SUCCESS


# ------------------------------------------------------------------------------ push
def _device_minute(text: str) -> float:
    """Seconds in a device minute: 60, unless the lab (CITYNET_DEVICE_MINUTE) says otherwise."""
    from citynet.errors import CitynetError

    if not text:
        return 60.0
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 60:
        raise CitynetError(
            f"CITYNET_DEVICE_MINUTE={text!r}: give the seconds in a lab device's minute (0-60]"
        )
    return value


def run_push(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    """``change apply`` and ``change rollback``: through the gate, then the playbook."""
    from citynet.changes import service
    from citynet.cli.fleetrun import fleet
    from citynet.push.candidate import CandidateSource
    from citynet.push.checks import default_checker
    from citynet.push.device import PushOptions
    from citynet.push.gate import open_gate
    from citynet.push.leases import RunRecorder, push_states
    from citynet.push.waves import failure_budget
    from playbooks import PLAYBOOKS

    action = args.push_action
    policy = current_policy(ctx)
    now = _now()
    user = service.os_user(ctx.env)
    workspace = ctx.workspace()
    with open_store(ctx) as store:
        with store.read() as session:
            plan = service.load_plan(session, args.change)
        hosts: frozenset[str] | None = None
        if action == "rollback":
            states = push_states(store, args.change)
            wanted = None
            if not common.host_filter(args).empty:
                from citynet.inventory.filters import select

                inventory = common.load_inventory(ctx)
                wanted = {v.name for v in select(inventory, common.host_filter(args))}
            hosts = frozenset(
                h
                for h, (state, _) in states.items()
                if state == "applied and verified" and (wanted is None or h in wanted)
            )
        elif not args.dry_run:
            states = push_states(store, args.change)
            planned = {str(d.get("host")) for d in plan.document.get("devices") or []}
            if planned and all(
                states.get(h, ("", ""))[0] == "applied and verified" for h in planned
            ):
                ctx.stdout.write(
                    f"change {args.change} is already applied to all {len(planned)} "
                    "device(s); nothing to do\n"
                )
                return ExitStatus.SUCCESS
        signed = sign_action(
            args, ctx, policy, action, plan_hash=plan.row.plan_hash, change_id=plan.row.id, now=now
        )
        grant = open_gate(
            store,
            policy,
            args.change,
            signed,
            action=action,
            now=now,
            user=user,
            env=ctx.env,
            workspace=workspace.root,
            hosts=hosts,
            dry_run=bool(args.dry_run),
        )
        if not grant.devices:
            ctx.stdout.write(f"change {args.change}: no device to {action}\n")
            return ExitStatus.SUCCESS
        allowed = failure_budget(args.max_failures, len(grant.devices)) if action == "apply" else 0
        source = dict(grant.plan.document.get("source") or {})
        ctx_args = argparse.Namespace(**vars(args))
        ctx_args.host = sorted(str(d["host"]) for d in grant.devices)
        for name in ("site", "role", "platform", "tag"):
            setattr(ctx_args, name, [])
        _, _, _, (nornir, connection) = fleet(ctx_args, ctx, action)
        live = ctx.stderr_isatty

        def progress(host: str, step: str) -> None:
            if live:
                ctx.stderr.write(f"\r\x1b[K{action} {args.change}: {host}: {step}")
                ctx.stderr.flush()

        minute = _device_minute(ctx.env.get("CITYNET_DEVICE_MINUTE", ""))
        recorder = RunRecorder(
            store,
            args.change,
            grant.token.run_id,
            grant.person.name,
            action=action,
            lease_seconds=(args.confirm_timeout * 3 + 5) * minute,
        )
        options = PushOptions(
            confirm_timeout=args.confirm_timeout,
            minute=minute,
            reread_interval=minute / 12,
            read_timeout=args.read_timeout,
            dry_run=bool(args.dry_run),
            observer=progress,
        )
        report = PLAYBOOKS["apply"](
            nornir,
            grant,
            settings=workspace.settings,
            connection=connection,
            checker=default_checker(),
            recorder=recorder,
            options=options,
            canary=getattr(args, "canary", 0) or 0,
            canary_site=getattr(args, "canary_site", None),
            wave_size=getattr(args, "wave_size", 1) or 1,
            allowed_failures=allowed,
            progress=progress,
            candidates=CandidateSource(
                workspace.root,
                source.get("commit") or None,
                frozenset(str(p) for p in source.get("dirty") or ()),
            ),
        )
        if live:
            ctx.stderr.write("\r\x1b[K")
        data = report.to_dict()
        applied = sorted(h for h, o in report.outcomes.items() if o.state == "applied and verified")
        if action == "apply" and not grant.dry_run and applied:
            after = _after_report(ctx, workspace, nornir, connection, applied, args.change)
            recorder.note("after-report", **after.to_dict())
            data["after"] = after.to_dict()
            data["after"]["summary"] = after.line()
    with common.output_stream(args, ctx) as out:
        PUSH_FORMATS[args.format](out, data)
    return ExitStatus.SUCCESS if report.ok else ExitStatus.ERROR


def _after_report(
    ctx: Context,
    workspace: Any,
    nornir: Any,
    connection: Any,
    hosts: list[str],
    change_id: int,
) -> Any:
    """Read the applied devices again and write the drift report next to the change's packet."""
    from citynet.backup.store import BackupStore
    from citynet.compliance.fleet import load_baseline
    from citynet.inventory.filters import HostFilter, select
    from citynet.ios.keyed import hmac_key
    from citynet.push.after import after_path, write_after_report
    from playbooks import PLAYBOOKS

    wanted = set(hosts)
    views = select(common.load_inventory(ctx), HostFilter(hosts=tuple(hosts)))
    drifts = PLAYBOOKS["drift"](
        nornir.filter(filter_func=lambda h: h.name in wanted),
        views,
        workspace.golden_dir,
        BackupStore(workspace.state_dir / "backups"),
        load_baseline(workspace.inventory_dir, display_root=workspace.root),
        settings=workspace.settings,
        options=connection,
        hmac_key=hmac_key(ctx.env),
    )
    return write_after_report(drifts, after_path(workspace.state_dir, change_id))
