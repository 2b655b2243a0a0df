"""``citynet testbed``: the inventory as a pyATS testbed that pyATS itself loads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from citynet.cli.main import main
from citynet.testbed import model_platform
from tests.support import PROJECT

ENV = {
    "CITYNET_USERNAME": "tb-user-7731",
    "CITYNET_PASSWORD": "tb-pass-ZZ91",
    "CITYNET_ENABLE_SECRET": "tb-enable-QQ42",
}


def run(*argv: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(PROJECT), *argv], env=env or {}, stdout=out, stderr=err)
    return int(code), out.getvalue(), err.getvalue()


def inventory_hosts() -> dict[str, dict[str, object]]:
    hosts = yaml.safe_load((PROJECT / "inventory" / "hosts.yaml").read_text(encoding="utf-8"))
    assert isinstance(hosts, dict)
    return hosts


def test_pyats_loads_the_exported_testbed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pyats.topology.loader import load

    output = tmp_path / "testbed.yaml"
    code, _, err = run("testbed", "--site", "DC1", "--output", str(output), env=ENV)
    assert code == 0, err
    text = output.read_text(encoding="utf-8")
    for value in ENV.values():
        assert value not in text  # references only, never values
    assert "%ENV{CITYNET_PASSWORD}" in text

    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    loaded = load(str(output))
    hosts = inventory_hosts()
    expected = {name for name, host in hosts.items() if host["data"]["site"] == "DC1"}  # type: ignore[index]
    assert set(loaded.devices) == expected
    router = loaded.devices["dc1-rtr01"]
    assert router.os == "iosxe"
    assert router.platform == "isr"
    assert router.type == "router"
    assert str(router.connections.cli.ip) == hosts["dc1-rtr01"]["hostname"]
    assert router.connections.cli.port == 22
    assert router.custom.site == "DC1"
    default = loaded.credentials["default"]
    assert default["username"] == ENV["CITYNET_USERNAME"]
    assert default["password"].plaintext == ENV["CITYNET_PASSWORD"]
    assert loaded.credentials["enable"]["password"].plaintext == ENV["CITYNET_ENABLE_SECRET"]


def test_filters_select_the_devices_and_ios_hosts_get_ios(tmp_path: Path) -> None:
    code, out, _ = run("testbed", "--platform", "cisco_ios")
    assert code == 0
    data = yaml.safe_load(out)
    hosts = inventory_hosts()
    ios = {n for n, h in hosts.items() if "platform_ios" in h.get("groups", [])}  # type: ignore[operator]
    assert set(data["devices"]) == ios and ios
    for device in data["devices"].values():
        assert device["os"] == "ios"
        assert device["platform"] == "c2960x"
        assert device["type"] == "switch"


def test_no_matching_device_is_one_clear_error() -> None:
    code, out, err = run("testbed", "--tag", "no-such-tag-anywhere")
    assert code == 1
    assert out == ""
    assert "no device matches the filters" in err
    assert "Traceback" not in err


def test_output_never_overwrites_an_input() -> None:
    code, _, err = run("testbed", "--output", str(PROJECT / "inventory" / "hosts.yaml"))
    assert code == 1
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("model", "platform"),
    [("C9200-24P", "cat9k"), ("C9500-48Y4C", "cat9k"), ("ISR4451-X/K9", "isr"), ("CSR1000V", None)],
)
def test_model_platforms(model: str, platform: str | None) -> None:
    assert model_platform(model) == platform
