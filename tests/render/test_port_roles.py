"""Every port role on both platforms, with 802.1X/MAB closed, on a copy of the valid fixture."""

from __future__ import annotations

import pytest
import yaml

from citynet.inventory.loader import load_inventory
from citynet.inventory.synth import write_inventory
from citynet.render.lint import lint_config
from citynet.render.renderer import Renderer
from tests.support import FIXTURES, PROJECT

VALID = FIXTURES / "inventory" / "valid" / "inventory"
ROLES = [
    {"ports": "GigabitEthernet1/0/1-4", "role": "phone_pc", "description": "Dispatch desks"},
    {"ports": "GigabitEthernet1/0/5-6", "role": "ap"},
    {"ports": "GigabitEthernet1/0/7", "role": "camera"},
    {"ports": "GigabitEthernet1/0/8", "role": "printer"},
    {"ports": "GigabitEthernet1/0/9", "role": "uplink"},
    {"ports": "GigabitEthernet1/0/10-12", "role": "unused"},
]
NEW_VLANS = {
    "FS1": [
        ("CAMERAS", 40, "cameras", "10.0.71.0/24"),
        ("WIRELESS", 60, "wireless", "10.0.72.0/24"),
    ],
    "PK1": [
        ("CAMERAS", 40, "cameras", "10.0.103.0/24"),
        ("WIRELESS", 60, "wireless", "10.0.106.0/24"),
    ],
}


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    files = {
        kind: yaml.safe_load((VALID / f"{kind}.yaml").read_text())
        for kind in ("defaults", "groups", "hosts", "sites")
    }
    for host in ("fs1-acc02", "pk1-acc02"):
        files["hosts"][host]["data"]["port_roles"] = ROLES
    for site, extra in NEW_VLANS.items():
        vlans = files["sites"][site]["vlans"]
        vlans += [{"id": i, "name": n, "role": r, "subnet": net} for n, i, r, net in extra]
        vlans.append({"id": 998, "name": "PARKING", "role": "parking"})
        files["sites"][site]["data"] = {"nac": "closed"}
    folder = tmp_path_factory.mktemp("roles") / "inventory"
    write_inventory(files, folder)
    inventory = load_inventory(folder)
    renderer = Renderer(inventory, PROJECT / "templates")
    result = {}
    for host in ("fs1-acc02", "pk1-acc02"):
        rendered = renderer.render(inventory.views[host])
        assert rendered.text is not None, rendered.error
        assert lint_config(host, rendered.text, inventory.views[host]) == []
        result[host] = rendered.text
    return result


def section(text: str, header: str) -> list[str]:
    lines = text.splitlines()
    body = []
    for line in lines[lines.index(header) + 1 :]:
        if not line.startswith(" "):
            break
        body.append(line.strip())
    return body


@pytest.mark.parametrize("host", ["fs1-acc02", "pk1-acc02"])
def test_each_role_gets_its_configuration(host: str, configs: dict[str, str]) -> None:
    text = configs[host]
    iosxe = host.startswith("fs1")
    phone = section(text, "interface GigabitEthernet1/0/1")
    assert phone[0] == "description Dispatch desks"
    assert "switchport voice vlan 20" in phone and "dot1x pae authenticator" in phone
    assert "authentication open" not in phone  # nac: closed
    assert ("trust device cisco-phone" if iosxe else "mls qos trust device cisco-phone") in phone
    ap = section(text, "interface GigabitEthernet1/0/5")
    assert ap[:3] == [
        "description Access point",
        "switchport access vlan 60",
        "switchport mode access",
    ]
    assert "authentication order mab" in ap and "dot1x pae authenticator" not in ap
    camera = section(text, "interface GigabitEthernet1/0/7")
    assert "switchport access vlan 40" in camera
    printer = section(text, "interface GigabitEthernet1/0/8")
    assert "switchport access vlan 30" in printer
    for untrusted in (ap, camera, printer):
        assert ("service-policy input ACCESS-UNTRUSTED-IN" in untrusted) == iosxe
        assert not any("trust" in line for line in untrusted if "ACCESS-UNTRUSTED" not in line)
    uplink = section(text, "interface GigabitEthernet1/0/9")
    assert "switchport mode trunk" in uplink and "spanning-tree guard root" in uplink
    allowed = next(line for line in uplink if line.startswith("switchport trunk allowed"))
    assert "99" not in allowed and "998" not in allowed  # user VLANs only
    assert "ip dhcp snooping trust" not in uplink
    unused = section(text, "interface GigabitEthernet1/0/10")
    assert unused[1:4] == ["switchport access vlan 998", "switchport mode access", "shutdown"]
    legacy = section(text, "interface GigabitEthernet1/0/13")
    assert legacy[0] == "description User port"
    assert "switchport port-security" in legacy
