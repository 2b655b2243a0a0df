"""Load the inventory files, validate them, and resolve every host.

``validate_inventory`` never raises on bad input: it returns every problem it
found, with file and line, so one run reports them all. ``load_inventory``
raises :class:`InventoryError` carrying them when there are any.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from citynet.diagnostics import Diagnostic, Severity
from citynet.errors import InventoryError
from citynet.inventory import checks, voice
from citynet.inventory.model import FILES, Inventory
from citynet.inventory.names import NameKind, explain, is_valid
from citynet.inventory.resolve import resolve_all
from citynet.inventory.schema import DefaultsEntry, GroupEntry, HostEntry, Site
from citynet.inventory.secrets import find_secrets
from citynet.inventory.text import MULTILINE_VARIABLES, find_unprintable, shown
from citynet.inventory.yamlload import YamlDoc, load_yaml_file
from citynet.workspace import Settings

M = TypeVar("M", bound=BaseModel)
OPTIONAL_FILES = {"defaults", "voice"}
ENTRY_NAMES = {"hosts": NameKind.HOST, "sites": NameKind.SITE, "groups": NameKind.GROUP}
"""The kind of name each file's top-level keys are."""
OWNERS = {"hosts": "host", "sites": "site", "groups": "group"}


def load_inventory(inventory_dir: Path, settings: Settings | None = None) -> Inventory:
    """Load and validate; raise :class:`InventoryError` with every problem if any."""
    inventory, problems = validate_inventory(inventory_dir, settings)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors or inventory is None:
        raise InventoryError(list(errors))
    return inventory


def validate_inventory(
    inventory_dir: Path, settings: Settings | None = None, *, display_root: Path | None = None
) -> tuple[Inventory | None, list[Diagnostic]]:
    """Load, validate and resolve the inventory in ``inventory_dir``.

    Returns the inventory (None when a file is unusable) and every problem found.
    File names in problems are relative to ``display_root`` (default: the
    inventory folder's parent).
    """
    settings = settings or Settings()
    base = display_root or inventory_dir.parent
    problems: list[Diagnostic] = []
    docs: dict[str, YamlDoc] = {}
    for kind, filename in FILES.items():
        path = inventory_dir / filename
        display = _display(path, base)
        if kind in OPTIONAL_FILES and not path.exists() and not path.is_symlink():
            docs[kind] = YamlDoc(display, {})
            continue
        if not _inside(path, inventory_dir):
            problems.append(
                Diagnostic(
                    display,
                    None,
                    "is a symbolic link to a file outside the inventory folder",
                    f"replace it with the file itself: the inventory is read from {display} only",
                )
            )
            continue
        doc = load_yaml_file(path, display, problems)
        if doc is not None:
            docs[kind] = doc
    secret_paths: set[tuple[str, tuple[str | int, ...]]] = set()
    for doc in docs.values():
        for path_, reason in find_secrets(doc.data):
            secret_paths.add((doc.file, path_))
            problems.append(
                Diagnostic(
                    doc.file,
                    doc.line(*path_),
                    f"{_dotted(path_)}: {reason}",
                    "remove it: credentials come from CITYNET_USERNAME / CITYNET_PASSWORD / "
                    "CITYNET_ENABLE_SECRET and device secrets are resolved only when pushing",
                )
            )
    for kind, doc in docs.items():
        problems.extend(_unprintable(kind, doc))
    if len(docs) != len(FILES):
        return None, problems

    defaults = _validate_one(
        DefaultsEntry, docs["defaults"], (), docs["defaults"].data, problems, secret_paths
    )
    broken: dict[str, set[str]] = {"groups": set(), "sites": set(), "hosts": set()}
    groups = _validate_map(
        GroupEntry, NameKind.GROUP, docs["groups"], problems, secret_paths, broken["groups"]
    )
    sites = _validate_map(
        Site, NameKind.SITE, docs["sites"], problems, secret_paths, broken["sites"]
    )
    hosts = _validate_map(
        HostEntry, NameKind.HOST, docs["hosts"], problems, secret_paths, broken["hosts"]
    )
    inventory = Inventory(
        root=inventory_dir,
        defaults=defaults or DefaultsEntry(),
        groups=groups,
        sites=sites,
        hosts=hosts,
        docs=docs,
        broken=broken,
    )
    voice_doc = docs["voice"]
    if voice_doc.data:
        inventory.voice_plan = _validate_one(
            voice.VoicePlan, voice_doc, (), voice_doc.data, problems, secret_paths
        )
    phones_path = inventory_dir / voice.PHONES_FILE
    phones_display = _display(phones_path, base)
    if phones_path.is_symlink() and not _inside(phones_path, inventory_dir):
        problems.append(
            Diagnostic(
                phones_display,
                None,
                "is a symbolic link to a file outside the inventory folder",
                f"replace it with the file itself: phones are read from {phones_display} only",
            )
        )
    else:
        inventory.phones = voice.load_phones(phones_path, phones_display, problems)
    problems.extend(checks.check_references(inventory))
    inventory.views = resolve_all(inventory)
    problems.extend(checks.check_all(inventory, settings))
    problems.extend(voice.check_voice(inventory))
    problems.sort(key=lambda p: (p.file, p.line or 0))
    return inventory, problems


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (followed through symbolic links) stays inside ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, RuntimeError, ValueError):
        return False
    return True


def _unprintable(kind: str, doc: YamlDoc) -> list[Diagnostic]:
    """Keys and values with control characters (only banners may span lines).

    Each path is marked flagged, so the schema does not report it a second time.
    """
    problems = []
    entries = kind in ENTRY_NAMES
    for path, problem, is_key in find_unprintable(doc.data, skip_top_keys=entries):
        doc.flagged.add(path)
        owner, field = _owner(kind, path)
        value = path[-1] if is_key else _at(doc.data, path)
        what = "key" if is_key else "value"
        if not is_key and path[-1] in MULTILINE_VARIABLES:
            hint = "write the banner without '^' and control characters (lines end with a newline)"
        else:
            hint = (
                "keep it on one line and remove the control character: in a configuration "
                "a newline starts a new command"
            )
        host = path[0] if kind == "hosts" and is_valid(NameKind.HOST, path[0]) else None
        problems.append(
            Diagnostic(
                doc.file,
                doc.line(*path),
                f"{owner}: {field}: {what} {shown(value)} {problem}",
                hint,
                host=str(host) if host is not None else None,
            )
        )
    return problems


def _owner(kind: str, path: tuple[str | int, ...]) -> tuple[str, str]:
    """Who a value belongs to (``host 'x'``, ``site 'DC1'``, ``defaults``) and its field."""
    if kind in OWNERS and path:
        return f"{OWNERS[kind]} {shown(path[0])}", _dotted(path[1:]) or "(name)"
    return kind, _dotted(path)


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _display(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _dotted(path: Iterable[str | int]) -> str:
    """A path as messages show it; a part with unprintable characters is shown escaped."""
    return ".".join(
        p
        if isinstance(p, str) and p.isprintable() and len(p) <= 64
        else str(p)
        if isinstance(p, int)
        else shown(p)
        for p in path
    )


def _validate_map(
    model: type[M],
    kind: NameKind,
    doc: YamlDoc,
    problems: list[Diagnostic],
    secret_paths: set[Any],
    broken: set[str],
) -> dict[str, M]:
    """Validate every entry of a file; an entry whose name is invalid is reported and dropped."""
    result: dict[str, M] = {}
    for name, raw in doc.data.items():
        if not is_valid(kind, name):
            # never validated further, never rendered, never written under its name
            if not doc.is_flagged((name,)):
                message, hint = explain(kind, name)
                problems.append(Diagnostic(doc.file, doc.line(name), message, hint))
                doc.flagged.add((name,))
            broken.add(str(name))
            continue
        entry = _validate_one(
            model, doc, (name,), {} if raw is None else raw, problems, secret_paths
        )
        if entry is not None:
            result[str(name)] = entry
        else:
            broken.add(str(name))
    return result


def _validate_one(
    model: type[M],
    doc: YamlDoc,
    prefix: tuple[str | int, ...],
    raw: Any,
    problems: list[Diagnostic],
    secret_paths: set[Any],
) -> M | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc = (*prefix, *error["loc"])
            if (doc.file, loc) in secret_paths or doc.is_flagged(loc):
                continue  # already reported as a secret or a YAML trap
            problems.append(_schema_problem(doc, loc, error))
        return None


def _schema_problem(doc: YamlDoc, loc: tuple[str | int, ...], error: Any) -> Diagnostic:
    kind = error["type"]
    field = _dotted(loc)
    given = shown(error.get("input"))
    raw = error.get("input")
    leaf = shown(loc[-1]) if loc else "''"
    if kind in ("citynet_name", "citynet_text"):
        message, hint = f"{field}: {error['msg']}", error["ctx"]["hint"]
    elif kind == "extra_forbidden":
        message, hint = f"{field}: unknown key {leaf}", "remove it or correct its spelling"
    elif kind == "missing":
        message, hint = f"{field}: required key {leaf} is missing", f"add {leaf}"
    elif kind == "ip_v4_network":
        message = f"{field}: {given} is not an IPv4 network"
        hint = "write the network address with its prefix, host bits zero (e.g. 10.1.10.0/24)"
    elif kind in ("ip_v4_address", "ip_v4_interface"):
        message = f"{field}: {given} is not an IPv4 address"
        hint = "write it as 10.1.2.3" + ("/30" if kind == "ip_v4_interface" else "")
    elif kind == "string_type" and isinstance(raw, int | float | bool):
        message = f"{field}: expected a string, YAML read {given} ({type(raw).__name__})"
        hint = "quote the value"
    elif kind == "int_type" and isinstance(raw, str):
        message, hint = f"{field}: expected a number, got the string {given}", "remove the quotes"
    elif kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        message, hint = f"{field}: {given} is not one of {expected}", f"use one of {expected}"
    elif kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        bound = error["msg"].removeprefix("Input should be ")
        message, hint = f"{field}: {given} is out of range", f"use a value {bound}"
    elif kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        message = f"{field}: {given} does not have the expected form"
        hint = f"write it to match {pattern}"
    elif kind == "model_type" or kind == "dict_type":
        message, hint = f"{field}: expected a mapping, got {given}", "write key: value entries"
    else:
        message = f"{field}: {error['msg']} (got {given})"
        hint = "see the inventory section of README.md for the expected form"
    return Diagnostic(doc.file, doc.line(*loc), message, hint)
