"""``citynet audit verify|log|head``: the change store's tamper-evident audit trail."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus
from citynet.report.change_report import AUDIT_LOG_FORMATS

HELP = "check the audit trail and every signature in it, show it, export its head"


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = sub.add_parser(
        "verify", help="re-check the hash chain, every signature and every plan (exit 1: broken)"
    )
    verify.add_argument(
        "--head",
        metavar="FILE",
        help="a head exported earlier ('citynet audit head'): proves no entry was cut off",
    )
    verify.set_defaults(handler=run_verify)
    log = sub.add_parser("log", help="the audit log, oldest first")
    log.add_argument("--change", type=int, metavar="ID", help="only this change's entries")
    common.add_format(log, AUDIT_LOG_FORMATS)
    log.set_defaults(handler=run_log)
    head = sub.add_parser("head", help="the last entry's number and hash, to keep elsewhere")
    head.add_argument("--output", metavar="FILE", help="write it to FILE")
    head.set_defaults(handler=run_head)


def _store(ctx: Context) -> Any:
    from citynet.changes.store import ChangeStore

    return ChangeStore.open(ctx.workspace().database_url(ctx.env))


def run_verify(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.changes.service import verify_store
    from citynet.errors import CitynetError

    exported = None
    if args.head:
        path = Path(args.head)
        try:
            exported = json.loads((path if path.is_absolute() else ctx.cwd / path).read_text())
        except (OSError, ValueError) as exc:
            raise CitynetError(
                f"--head {args.head}: cannot read an exported head ({exc}); export one with "
                "'citynet audit head --output FILE'"
            ) from None
        if not isinstance(exported, dict):
            raise CitynetError(f"--head {args.head}: not an exported head")
    known = _known_policies(ctx)
    with _store(ctx) as store:
        result = verify_store(store, exported, known)
    for problem in result.problems:
        ctx.stdout.write(f"{problem}\n")
    if result.ok:
        ctx.stdout.write(
            f"audit trail intact: {result.entries} entries, {result.signatures} signatures, "
            f"{result.plans} plans checked\n"
        )
        return ExitStatus.SUCCESS
    ctx.stdout.write(
        f"audit trail BROKEN: {len(result.problems)} problem(s) in {result.entries} entries; "
        "treat every approval it holds as void until it is explained\n"
    )
    return ExitStatus.ERROR


def _known_policies(ctx: Context) -> dict[str, str]:
    """The workspace's change policy, now and in every commit that changed it."""
    from citynet.changes.policy import POLICY_FILE, load_policy
    from citynet.changes.sources import policy_history

    root = ctx.workspace().root
    known = policy_history(root, POLICY_FILE)
    known[load_policy(root / POLICY_FILE, POLICY_FILE).hash] = "the workspace"
    return known


def run_log(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.changes import audit

    with _store(ctx) as store, store.read() as session:
        rows = audit.entries(session, args.change)
        entries = [
            {
                "seq": r.seq,
                "time": r.recorded_at,
                "action": r.action,
                "change": r.change_id,
                "actor": r.actor,
                "key": r.key_fingerprint,
                "os_user": r.os_user,
                "details": audit.details_of(r),
                "signed": bool(r.signature),
                "entry_hash": r.entry_hash,
            }
            for r in rows
        ]
    with common.output_stream(args, ctx) as out:
        AUDIT_LOG_FORMATS[args.format](out, entries)
    return ExitStatus.SUCCESS


def run_head(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.changes import audit

    with _store(ctx) as store, store.read() as session:
        head = audit.head(session)
    text = json.dumps(head, indent=2) + "\n"
    if args.output:
        from citynet.files import atomic_write

        path = Path(args.output)
        atomic_write(path if path.is_absolute() else ctx.cwd / path, text)
        ctx.stdout.write(f"{args.output}: head at entry {head['seq']}\n")
    else:
        ctx.stdout.write(text)
    return ExitStatus.SUCCESS
