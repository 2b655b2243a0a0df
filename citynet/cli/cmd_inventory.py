"""``citynet inventory validate|list|show``."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from typing import IO, Any

from citynet.cli import common
from citynet.cli.context import Context, ExitStatus

HELP = "validate and query the source-of-truth inventory"
LIST_COLUMNS = ("name", "site", "role", "platform", "model", "address", "tags")


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    validate = sub.add_parser("validate", help="check the inventory; every problem, with file:line")
    common.add_format(validate, ("table", "json"))
    validate.set_defaults(handler=run_validate)

    list_ = sub.add_parser("list", help="list devices")
    common.add_filters(list_)
    common.add_format(list_, ("table", "json", "csv"))
    list_.set_defaults(handler=run_list)

    show = sub.add_parser("show", help="a device's merged variables and where each came from")
    show.add_argument("name", metavar="HOST")
    common.add_format(show, ("table", "json"))
    show.set_defaults(handler=run_show)


def run_validate(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.diagnostics import Severity
    from citynet.inventory.loader import validate_inventory

    workspace = ctx.workspace()
    inventory, problems = validate_inventory(
        workspace.inventory_dir, workspace.settings, display_root=workspace.root
    )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    summary = inventory_summary(inventory) if inventory is not None and not errors else None
    with common.output_stream(args, ctx) as out:
        if args.format == "json":
            common.write_json(
                out,
                {
                    "valid": not errors,
                    "errors": len(errors),
                    "warnings": len(problems) - len(errors),
                    "problems": [p.as_dict() for p in problems],
                    "summary": summary,
                },
            )
        else:
            for problem in problems:
                out.write(f"{problem}\n")
            if errors:
                out.write(
                    f"\n{len(errors)} error(s) in the inventory; nothing else was checked "
                    "past them.\n"
                    if inventory is None
                    else f"\n{len(errors)} error(s) in the inventory.\n"
                )
            elif summary is not None:
                write_summary(out, summary)
    return ExitStatus.ERROR if errors else ExitStatus.SUCCESS


def inventory_summary(inventory: Any) -> dict[str, Any]:
    views = inventory.views.values()
    return {
        "sites": len(inventory.sites),
        "devices": len(inventory.views),
        "sites_by_kind": dict(Counter(str(s.kind) for s in inventory.sites.values())),
        "devices_by_role": dict(Counter(str(v.role) for v in views)),
        "devices_by_platform": dict(Counter(str(v.platform) for v in views)),
        "devices_by_model": dict(Counter(v.model for v in views)),
    }


def write_summary(out: IO[str], summary: dict[str, Any]) -> None:
    out.write(f"inventory valid: {summary['sites']} sites, {summary['devices']} devices\n")
    for title, key in (
        ("sites by kind", "sites_by_kind"),
        ("devices by role", "devices_by_role"),
        ("devices by platform", "devices_by_platform"),
        ("devices by model", "devices_by_model"),
    ):
        out.write(f"\n{title}:\n")
        counts: dict[str, int] = summary[key]
        width = max(len(k) for k in counts)
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            out.write(f"  {name.ljust(width)}  {count:4d}\n")


def run_list(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.inventory.filters import select

    inventory = common.load_inventory(ctx)
    rows = [view.summary() for view in select(inventory, common.host_filter(args))]
    with common.output_stream(args, ctx) as out:
        if args.format == "json":
            common.write_json(out, rows)
        elif args.format == "csv":
            common.write_csv(out, LIST_COLUMNS, rows)
        else:
            common.write_table(out, LIST_COLUMNS, rows)
            out.write(f"{len(rows)} device(s)\n")
    return ExitStatus.SUCCESS


def run_show(args: argparse.Namespace, ctx: Context) -> ExitStatus:
    from citynet.inventory.filters import HostFilter, select

    inventory = common.load_inventory(ctx)
    (view,) = select(inventory, HostFilter(hosts=(args.name,)))
    attributes = {"hostname": view.address, "platform": str(view.platform), "port": view.port}
    if args.format == "json":
        payload = {
            "name": view.name,
            "groups": list(view.groups),
            **attributes,
            "data": view.data,
            "sources": {
                key: {"layer": s.layer, "name": s.name, "file": s.file, "line": s.line}
                for key, s in view.sources.items()
            },
        }
        with common.output_stream(args, ctx) as out:
            common.write_json(out, payload)
        return ExitStatus.SUCCESS
    rows: list[dict[str, Any]] = [
        {"key": "hostname", "value": view.address, "source": f"host {view.name}"},
        *(
            {"key": key, "value": value, "source": str(view.sources.get(key, ""))}
            for key, value in attributes.items()
            if key != "hostname"
        ),
        {"key": "groups", "value": " ".join(view.groups), "source": "host + site"},
        *(
            {"key": key, "value": _compact(value), "source": str(view.sources[key])}
            for key, value in view.data.items()
        ),
    ]
    with common.output_stream(args, ctx) as out:
        out.write(f"{view.name}  ({view.role} at {view.site}, {view.model})\n\n")
        common.write_table(out, ("key", "value", "source"), rows)
    return ExitStatus.SUCCESS


def _compact(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))
    return text if len(text) <= 70 else text[:67] + "..."
