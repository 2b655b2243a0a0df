"""Templates run in the immutable sandbox, with nothing shared between hosts' renders."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest

from citynet.inventory.loader import load_inventory
from citynet.inventory.model import Inventory
from citynet.render.context import Topology, build_topology, host_context
from citynet.render.environment import FILTERS, Sandbox, SandboxBytecodeCache, make_environment
from citynet.render.renderer import Rendered, Renderer, render_all
from tests.support import FIXTURES, PROJECT

VALID = FIXTURES / "inventory" / "valid" / "inventory"
ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ secret.__globals__ }}",
    "{{ '{0.__class__}'.format('') }}",
    "{{ '{x.__class__}'.format_map({'x': ''}) }}",
    "{{ ('' | attr('__class__')) }}",
    "{{ range.__globals__ }}",
    "{{ host.name.__class__ }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
]
MUTATIONS = [
    "{% set _ = ntp_servers.append('10.6.6.6') %}",
    "{% set _ = tacacs_servers[0].update({'name': 'x'}) %}",
    "{% set _ = vlans.pop() %}",
    "{% set _ = host.clear() %}",
    "{% set _ = site.ranges.extend(['10.0.0.0/8']) %}",
    "{% set _ = vlan.setdefault('evil', {}) %}",
]


SNIPPET_LINE = (PROJECT / "templates" / "base.j2").read_text().splitlines().index("lldp run") + 2
"""The line of base.j2 a snippet is put on (right after ``lldp run``)."""


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    return load_inventory(VALID)


def _templates(root: Path, snippet: str, file: str = "base.j2", at: str = "lldp run\n") -> Path:
    templates = root / "templates"
    if templates.exists():
        shutil.rmtree(templates)
    shutil.copytree(PROJECT / "templates", templates)
    path = templates / file
    text = path.read_text()
    assert at in text
    path.write_text(text.replace(at, at + snippet + "\n", 1))
    return templates


def _render(inventory: Inventory, templates: Path, **kwargs: Any) -> dict[str, Rendered]:
    views = list(inventory.views.values())
    return {r.host: r for r in render_all(inventory, templates, views, workers=1, **kwargs)}


@pytest.mark.parametrize("snippet", ESCAPES)
def test_reaching_for_internals_fails_with_file_and_line(
    snippet: str, inventory: Inventory, tmp_path: Path
) -> None:
    results = _render(inventory, _templates(tmp_path, snippet))
    for result in results.values():
        assert result.text is None and result.error is not None
        assert result.error.location == f"templates/base.j2:{SNIPPET_LINE}"
        assert result.error.message.startswith("refused by the template sandbox: ")
        assert result.error.message.isprintable()


@pytest.mark.parametrize("snippet", MUTATIONS)
def test_templates_cannot_change_values(snippet: str, inventory: Inventory, tmp_path: Path) -> None:
    results = _render(inventory, _templates(tmp_path, snippet))
    for result in results.values():
        assert result.error is not None, result.host
        assert "templates cannot change values" in result.error.hint


def test_a_failing_host_does_not_change_the_next_ones(inventory: Inventory, tmp_path: Path) -> None:
    clean = _render(inventory, PROJECT / "templates")
    snippet = (
        "{% if host.role == 'router' %}{% set _ = ntp_servers.append('10.6.6.6') %}"
        "{% set _ = vlans.pop() %}{% endif %}"
    )
    results = _render(inventory, _templates(tmp_path, snippet))
    routers = {h for h, v in inventory.views.items() if str(v.role) == "router"}
    assert routers and {h for h, r in results.items() if r.error is not None} == routers
    for host in set(results) - routers:
        assert results[host].text == clean[host].text


def test_an_imported_module_is_fresh_for_every_host(inventory: Inventory, tmp_path: Path) -> None:
    templates = _templates(
        tmp_path,
        "STATE {{ m.turn.next() }} {% set ns = m.count %}{% set ns.n = ns.n + 1 %}{{ ns.n }}",
    )
    macros = templates / "partials" / "macros.j2"
    macros.write_text(
        '{% set turn = cycler("a", "b") %}{% set count = namespace(n=0) %}\n' + macros.read_text()
    )
    results = _render(inventory, templates)
    states = {
        line for r in results.values() for line in (r.text or "").splitlines() if "STATE" in line
    }
    assert states == {"STATE a 1"}


def _mutable_ids(value: Any) -> Iterator[int]:
    if isinstance(value, dict):
        yield id(value)
        for item in value.values():
            yield from _mutable_ids(item)
    elif isinstance(value, list | set):
        yield id(value)
        for item in value:
            yield from _mutable_ids(item)


def _inventory_ids(inventory: Inventory, topology: Topology) -> set[int]:
    found: set[int] = set()
    for view in inventory.views.values():
        found.update(_mutable_ids(view.data))
    for entries in (inventory.groups, inventory.sites):
        for entry in entries.values():
            found.update(_mutable_ids(entry.data))
    found.update(_mutable_ids(inventory.defaults.data))
    found.update(id(links) for links in topology.links.values())
    return found


def test_contexts_share_no_list_or_dict(inventory: Inventory) -> None:
    topology = build_topology(inventory)
    seen: dict[int, str] = {}
    shared_with_inventory = _inventory_ids(inventory, topology)
    contexts = {
        name: host_context(inventory, view, topology) for name, view in inventory.views.items()
    }
    for name, context in contexts.items():  # all alive at once: no id is reused
        for ident in set(_mutable_ids(context)):
            assert ident not in seen, f"{name} shares a value with {seen[ident]}"
            seen[ident] = name
    assert not set(seen) & shared_with_inventory


def test_a_template_that_mutated_shared_data_would_not_reach_the_next_host(
    inventory: Inventory, tmp_path: Path
) -> None:
    """Even outside the sandbox (where mutation works), each host starts from its own data."""
    topology = build_topology(inventory)
    plain = jinja2.Environment(extensions=["jinja2.ext.do"])
    template = plain.from_string("{% do ntp_servers.append('10.6.6.6') %}{{ ntp_servers|length }}")
    counts = {
        template.render(host_context(inventory, view, topology))
        for view in inventory.views.values()
    }
    assert counts == {str(len(inventory.defaults.data["ntp_servers"]) + 1)}


def test_compiled_templates_are_cached_and_reused(inventory: Inventory, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    view = inventory.views["hq-acc01"]
    first = Renderer(inventory, PROJECT / "templates", cache).render(view)
    assert list(cache.iterdir())
    renderer = Renderer(inventory, PROJECT / "templates", cache)

    def no_compiling(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("compiled again instead of loaded from the cache")

    renderer.env.compile = no_compiling  # type: ignore[method-assign]
    assert renderer.render(view).text == first.text


def test_code_compiled_without_the_sandbox_is_never_loaded(
    inventory: Inventory, tmp_path: Path
) -> None:
    """Unsandboxed code calls str.format directly: loaded by the sandbox, it would escape."""
    templates = _templates(tmp_path, "{{ '{0.__class__}'.format('') }}")
    cache = tmp_path / "cache"
    cache.mkdir()
    for bytecode_cache in (
        jinja2.FileSystemBytecodeCache(str(cache)),
        SandboxBytecodeCache(cache, jinja2.Environment()),
    ):
        plain = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)), bytecode_cache=bytecode_cache
        )
        plain.filters.update(FILTERS)
        plain.get_template("base.j2")
    assert len(list(cache.iterdir())) == 2
    results = _render(inventory, templates, cache_dir=cache)
    for result in results.values():
        assert result.error is not None
        assert "refused by the template sandbox" in result.error.message


def test_the_cache_key_names_the_sandbox(tmp_path: Path) -> None:
    sandboxed = make_environment(PROJECT / "templates", tmp_path)
    assert isinstance(sandboxed, Sandbox) and sandboxed.sandboxed
    keys = {
        SandboxBytecodeCache(tmp_path, env).get_cache_key("base.j2", "/t/base.j2")
        for env in (sandboxed, jinja2.Environment(), jinja2.sandbox.SandboxedEnvironment())
    }
    assert len(keys) == 3


def test_a_template_linked_out_of_the_folder_is_refused(
    inventory: Inventory, tmp_path: Path
) -> None:
    templates = _templates(tmp_path, "")
    outside = tmp_path / "outside.txt"
    outside.write_text("the content of a file outside templates/\n")
    snmp = templates / "partials" / "snmp.j2"
    snmp.unlink()
    snmp.symlink_to(outside)
    results = _render(inventory, templates)
    for result in results.values():
        assert result.error is not None and result.text is None
        assert "is a link out of the templates folder" in result.error.message


@pytest.mark.parametrize(
    ("snippet", "message"),
    [
        ("{{ 'x' * 1000000 }}", "'*' would build 1,000,000 items"),
        ("{{ [0] * 1000000 }}", "'*' would build 1,000,000 items"),
        ("{{ 2 ** 100000000 }}", "'**' would build a number of more than 4096 bits"),
        ("{{ range(10000000) | length }}", "Range too big"),
    ],
)
def test_huge_values_are_refused(
    snippet: str, message: str, inventory: Inventory, tmp_path: Path
) -> None:
    results = _render(inventory, _templates(tmp_path, snippet))
    for result in results.values():
        assert result.error is not None and message in result.error.message


def test_ordinary_arithmetic_still_works(inventory: Inventory, tmp_path: Path) -> None:
    results = _render(inventory, _templates(tmp_path, "X {{ 'ab' * 3 }} {{ 2 ** 10 }} {{ 3 * 4 }}"))
    for result in results.values():
        assert result.text is not None and "X ababab 1024 12\n" in result.text
