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
from citynet.inventory import checks
from citynet.inventory.model import FILES, Inventory
from citynet.inventory.resolve import resolve_all
from citynet.inventory.schema import DefaultsEntry, GroupEntry, HostEntry, Site
from citynet.inventory.secrets import find_secrets
from citynet.inventory.yamlload import YamlDoc, load_yaml_file
from citynet.workspace import Settings

M = TypeVar("M", bound=BaseModel)
OPTIONAL_FILES = {"defaults"}


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
        if kind in OPTIONAL_FILES and not path.exists():
            docs[kind] = YamlDoc(display, {})
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
    if len(docs) != len(FILES):
        return None, problems

    defaults = _validate_one(
        DefaultsEntry, docs["defaults"], (), docs["defaults"].data, problems, secret_paths
    )
    broken: dict[str, set[str]] = {"groups": set(), "sites": set(), "hosts": set()}
    groups = _validate_map(GroupEntry, docs["groups"], problems, secret_paths, broken["groups"])
    sites = _validate_map(Site, docs["sites"], problems, secret_paths, broken["sites"])
    hosts = _validate_map(HostEntry, docs["hosts"], problems, secret_paths, broken["hosts"])
    inventory = Inventory(
        root=inventory_dir,
        defaults=defaults or DefaultsEntry(),
        groups=groups,
        sites=sites,
        hosts=hosts,
        docs=docs,
        broken=broken,
    )
    problems.extend(checks.check_references(inventory))
    inventory.views = resolve_all(inventory)
    problems.extend(checks.check_all(inventory, settings))
    problems.sort(key=lambda p: (p.file, p.line or 0))
    return inventory, problems


def _display(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def _dotted(path: Iterable[str | int]) -> str:
    return ".".join(str(p) for p in path)


def _validate_map(
    model: type[M],
    doc: YamlDoc,
    problems: list[Diagnostic],
    secret_paths: set[Any],
    broken: set[str],
) -> dict[str, M]:
    result: dict[str, M] = {}
    for name, raw in doc.data.items():
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
            if (doc.file, loc) in secret_paths or loc in doc.flagged:
                continue  # already reported as a secret or a YAML trap
            problems.append(_schema_problem(doc, loc, error))
        return None


def _schema_problem(doc: YamlDoc, loc: tuple[str | int, ...], error: Any) -> Diagnostic:
    kind = error["type"]
    field = _dotted(loc)
    given = error.get("input")
    leaf = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        message, hint = f"{field}: unknown key {leaf!r}", "remove it or correct its spelling"
    elif kind == "missing":
        message, hint = f"{field}: required key {leaf!r} is missing", f"add {leaf!r}"
    elif kind == "ip_v4_network":
        message = f"{field}: {given!r} is not an IPv4 network"
        hint = "write the network address with its prefix, host bits zero (e.g. 10.1.10.0/24)"
    elif kind in ("ip_v4_address", "ip_v4_interface"):
        message = f"{field}: {given!r} is not an IPv4 address"
        hint = "write it as 10.1.2.3" + ("/30" if kind == "ip_v4_interface" else "")
    elif kind == "string_type" and isinstance(given, int | float | bool):
        message = f"{field}: expected a string, YAML read {given!r} ({type(given).__name__})"
        hint = "quote the value"
    elif kind == "int_type" and isinstance(given, str):
        message, hint = f"{field}: expected a number, got the string {given!r}", "remove the quotes"
    elif kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        message, hint = f"{field}: {given!r} is not one of {expected}", f"use one of {expected}"
    elif kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        bound = error["msg"].removeprefix("Input should be ")
        message, hint = f"{field}: {given!r} is out of range", f"use a value {bound}"
    elif kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        message = f"{field}: {given!r} does not have the expected form"
        hint = f"write it to match {pattern}"
    elif kind == "model_type" or kind == "dict_type":
        message, hint = f"{field}: expected a mapping, got {given!r}", "write key: value entries"
    else:
        message = f"{field}: {error['msg']} (got {given!r})"
        hint = "see the inventory section of README.md for the expected form"
    return Diagnostic(doc.file, doc.line(*loc), message, hint)
