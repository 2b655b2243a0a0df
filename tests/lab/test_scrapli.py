"""scrapli's IOS-XE definition against a lab device, over both of its SSH transports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from citynet.lab.server import Lab
from tests.lab.conftest import PASSWORD, SECRET, USERNAME, make_device

scrapli = pytest.importorskip("scrapli")


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Lab, Path]]:
    lab = Lab([make_device("xe9", "127.77.3.1", privilege=1)])
    lab.start(timeout=30)
    hosts = tmp_path_factory.mktemp("scrapli") / "known_hosts"
    lab.register_host_keys(hosts)
    yield lab, hosts
    lab.stop()


def transports(hosts: Path) -> dict[str, Any]:
    from scrapli import TransportBinOptions, TransportSsh2Options

    return {
        "system": TransportBinOptions(known_hosts_path=str(hosts), enable_strict_key=True),
        "ssh2": TransportSsh2Options(known_hosts_path=str(hosts)),
    }


@pytest.mark.parametrize("transport", ["system", "ssh2"])
def test_open_send_input_and_configs(lab: tuple[Lab, Path], transport: str) -> None:
    from scrapli import AuthOptions, Cli, LookupKeyValue

    the_lab, hosts = lab
    device = the_lab.device("xe9")
    cli = Cli(
        host=device.address,
        port=device.port,
        definition_file_or_name="cisco_iosxe",
        auth_options=AuthOptions(
            username=USERNAME, password=PASSWORD, lookups=[LookupKeyValue("enable", SECRET)]
        ),
        transport_options=transports(hosts)[transport],
    )
    cli.open()
    try:
        version = cli.send_input("show version")
        assert "xe9 uptime is" in version.result
        assert not version.failed
        configs = cli.send_inputs(
            ["interface Loopback42", f"description via scrapli {transport}"],
            requested_mode="configuration",
        )
        assert not configs.failed
        bad = cli.send_inputs(
            ["interface Loopback43", "bogus command"], requested_mode="configuration"
        )
        assert bad.failed
        section = cli.send_input("show running-config | section Loopback42")
    finally:
        cli.close()
    assert f" description via scrapli {transport}" in section.result
