"""The render_config Nornir task: same text as the renderer; failures recorded per host."""

from __future__ import annotations

import shutil
from pathlib import Path

from nornir import InitNornir
from nornir.core import Nornir

from citynet.inventory.loader import load_inventory
from citynet.render.renderer import Renderer
from tasks.render_config import render_config
from tests.support import FIXTURES, PROJECT

VALID = FIXTURES / "inventory" / "valid" / "inventory"


def _nornir() -> Nornir:
    return InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": 4}},
        inventory={"plugin": "CitynetInventory", "options": {"inventory_dir": str(VALID)}},
        logging={"enabled": False},
    )


def test_renders_each_host_like_the_renderer() -> None:
    renderer = Renderer(load_inventory(VALID), PROJECT / "templates")
    nr = _nornir()
    result = nr.filter(site="FS1").run(task=render_config, renderer=renderer)
    assert sorted(result) == ["fs1-acc01", "fs1-acc02", "fs1-rtr01", "fs1-vg01"]
    for host, multi in result.items():
        assert not multi.failed
        assert multi[0].result == renderer.render(renderer.inventory.views[host]).text
        assert multi[0].changed is False
        assert nr.inventory.hosts[host]["intended"] == multi[0].result


def test_a_template_error_fails_only_that_host(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(PROJECT / "templates", templates)
    voice = templates / "roles" / "voice_gateway.j2"
    voice.write_text(voice.read_text().replace("voice class codec 1\n", "{{ nope }}\n", 1))
    renderer = Renderer(load_inventory(VALID), templates)
    result = _nornir().filter(site="FS1").run(task=render_config, renderer=renderer)
    assert sorted(result.failed_hosts) == ["fs1-vg01"]
    message = str(result["fs1-vg01"][0].exception)
    assert "templates/roles/voice_gateway.j2:" in message
    assert "[fs1-vg01] undefined variable: 'nope' is undefined" in message
