"""netmiko cisco_ios / cisco_xe sessions against lab devices."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from netmiko import ConnectHandler
from netmiko.exceptions import ConfigInvalidException

from citynet.lab.device import LabDevice
from citynet.lab.server import Lab
from tests.lab.conftest import make_device, netmiko_params

ERRORS = r"% Invalid|% Incomplete|% Ambiguous"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    devices = [
        make_device("ios1", "127.77.1.1", privilege=1),
        make_device("xe1", "127.77.1.2"),
    ]
    lab = Lab(devices)
    lab.start(timeout=30)
    yield lab
    lab.stop()


@pytest.fixture(scope="module")
def hosts_file(lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("kh") / "known_hosts"
    lab.register_host_keys(path)
    return path


def connect(device: LabDevice, hosts_file: Path, device_type: str = "cisco_ios") -> object:
    return ConnectHandler(**netmiko_params(device, hosts_file, device_type=device_type))


def test_enable_and_show_version(lab: Lab, hosts_file: Path) -> None:
    device = lab.device("ios1")
    with ConnectHandler(**netmiko_params(device, hosts_file)) as conn:
        assert conn.find_prompt() == "ios1>"
        conn.enable()
        assert conn.find_prompt() == "ios1#"
        output = conn.send_command("show version")
        assert "ios1 uptime is" in output
        assert "Processor board ID" in output


def test_textfsm_parses_ip_interface_brief(lab: Lab, hosts_file: Path) -> None:
    device = lab.device("xe1")
    with ConnectHandler(**netmiko_params(device, hosts_file, device_type="cisco_xe")) as conn:
        rows = conn.send_command("sh ip int br", use_textfsm=True)
    assert isinstance(rows, list)
    by_name = {row["interface"]: row for row in rows}
    assert by_name["GigabitEthernet1/0/1"]["ip_address"] == "10.0.0.2"
    assert by_name["GigabitEthernet1/0/3"]["status"] == "administratively down"


def test_config_set_applies_and_prompt_follows_hostname(lab: Lab, hosts_file: Path) -> None:
    device = lab.device("xe1")
    with ConnectHandler(**netmiko_params(device, hosts_file, device_type="cisco_xe")) as conn:
        conn.send_config_set(
            ["int gi1/0/3", "description to printer", "no shutdown", "hostname xe1-renamed"],
            error_pattern=ERRORS,
        )
        assert conn.find_prompt() == "xe1-renamed#"
        conn.set_base_prompt()
        section = conn.send_command("show running-config interface GigabitEthernet1/0/3")
        assert " description to printer" in section
        assert "shutdown" not in section
        conn.send_config_set(["hostname xe1"], error_pattern=ERRORS)
        conn.set_base_prompt()
        assert conn.find_prompt() == "xe1#"


def test_invalid_line_raises_and_earlier_lines_stay(lab: Lab, hosts_file: Path) -> None:
    device = lab.device("xe1")
    with ConnectHandler(**netmiko_params(device, hosts_file)) as conn:
        with pytest.raises(ConfigInvalidException):
            conn.send_config_set(
                ["interface Loopback7", "description applied", "interfcae Loopback8"],
                error_pattern=ERRORS,
            )
        conn.exit_config_mode()
        assert "description applied" in conn.send_command("show run | section Loopback7")


def test_exec_errors_look_like_ios(lab: Lab, hosts_file: Path) -> None:
    device = lab.device("xe1")
    with ConnectHandler(**netmiko_params(device, hosts_file)) as conn:
        invalid = conn.send_command("show foo")
        assert invalid.splitlines()[-1] == "% Invalid input detected at '^' marker."
        assert invalid.splitlines()[0].index("^") == len("xe1#show ")
        assert "% Incomplete command." in conn.send_command("show")
        assert '% Ambiguous command:  "s"' in conn.send_command("s")


def test_pipes(lab: Lab, hosts_file: Path) -> None:
    device = lab.device("xe1")
    with ConnectHandler(**netmiko_params(device, hosts_file)) as conn:
        assert conn.send_command("show run | include ^hostname") == "hostname xe1"
        section = conn.send_command("show running-config | section ^interface Vlan")
        assert section.splitlines() == ["interface Vlan10", " ip address 10.10.0.1 255.255.255.0"]
        begin = conn.send_command("show run | begin ^line")
        assert begin.splitlines()[0] == "line con 0"
        assert "hostname" not in conn.send_command("show run | exclude hostname")


def test_save_config_writes_startup(lab: Lab, hosts_file: Path) -> None:
    device = lab.device("xe1")
    with ConnectHandler(**netmiko_params(device, hosts_file)) as conn:
        conn.send_config_set(["ip domain name saved.example"], error_pattern=ERRORS)
        output = conn.save_config()
        assert "[OK]" in output
        startup = conn.send_command("show startup-config")
    assert "ip domain name saved.example" in startup
    assert device.startup_text == device.running_text()


def test_copy_confirmations_dir_and_md5(lab: Lab, hosts_file: Path) -> None:
    device = lab.device("xe1")
    with ConnectHandler(**netmiko_params(device, hosts_file)) as conn:
        output = conn.send_command_timing("copy running-config flash:/backup.cfg")
        assert "Destination filename [backup.cfg]?" in output
        output = conn.send_command_timing("\n")
        assert "bytes copied" in output
        listing = conn.send_command("dir flash:")
        assert "Directory of flash:/" in listing
        assert "backup.cfg" in listing
        md5 = conn.send_command("verify /md5 flash:/backup.cfg")
        content = conn.send_command("more flash:/backup.cfg")
    data = device.flash.read("backup.cfg")
    assert data is not None
    assert md5.endswith(hashlib.md5(data, usedforsecurity=False).hexdigest())
    assert "hostname xe1" in content


def test_netmiko_scp_upload(lab: Lab, hosts_file: Path, tmp_path: Path) -> None:
    from netmiko import file_transfer

    device = lab.device("xe1")
    source = tmp_path / "upload.txt"
    source.write_text("hello flash\n", encoding="utf-8")
    with ConnectHandler(**netmiko_params(device, hosts_file)) as conn:
        result = file_transfer(
            conn, source_file=str(source), dest_file="upload.txt", file_system="flash:"
        )
    assert result["file_verified"]
    assert device.flash.read("upload.txt") == b"hello flash\n"


def test_archive_revert_timer_and_configure_replace_prompt(lab: Lab, hosts_file: Path) -> None:
    device = lab.device("xe1")
    with ConnectHandler(**netmiko_params(device, hosts_file)) as conn:
        archive = conn.send_command("show archive")
        assert "The maximum archive configurations allowed is 5." in archive
        conn.send_command("write memory")
        assert "<- Most Recent" in conn.send_command("show archive")
        conn.config_mode("configure terminal revert timer 5")
        conn.send_config_set(["interface Loopback60", "description undone"], error_pattern=ERRORS)
        timer = conn.send_command("show archive config rollback timer")
        assert "Timer value: 5 min" in timer
        assert "User: admin" in timer
        conn.send_command("configure revert now")
        assert "Loopback60" not in conn.send_command("show running-config")
        assert "No Rollback" in conn.send_command("show archive config rollback timer")
        conn.send_command_timing("copy running-config flash:/base.cfg")
        conn.send_command_timing("\n")
        prompt = conn.send_command_timing("configure replace flash:/base.cfg")
        assert "Enter Y if you are sure you want to proceed. ? [no]:" in prompt
        done = conn.send_command_timing("y")
        assert "Rollback Done" in done
