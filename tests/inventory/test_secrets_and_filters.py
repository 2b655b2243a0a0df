from __future__ import annotations

import pytest

from citynet.errors import CitynetError
from citynet.inventory.filters import HostFilter, select
from citynet.inventory.loader import load_inventory
from citynet.inventory.secrets import find_secrets
from tests.support import FIXTURES

VALID = FIXTURES / "inventory" / "valid" / "inventory"


@pytest.mark.parametrize(
    "data",
    [
        {"password": "x"},
        {"data": {"enable_secret": "x"}},
        {"data": {"snmp_community": "public"}},
        {"data": {"tacacs_key": "k"}},
        {"data": {"ipsec_psk": "k"}},
        {"data": {"lines": ["username admin secret 9 $9$abc$def"]}},
        {"data": {"hash": "$1$salt$hash"}},
        {"data": {"snippet": "snmp-server community 7 0822455D0A16"}},
        {"data": {"tacacsKey": "k"}},
        {"data": {"snmp_community_ro": "public"}},
        {"data": {"SNMP-Community": "public"}},
        {"data": {"pwd": "x"}},
        {"data": {"auth": {"pass": "x"}}},
        {"data": {"vpn": {"preSharedKey": "x"}}},
        {"data": {"api_token": "x"}},
        {"data": {"lines": ["hostname x", " ip ospf message-digest-key 1 md5 7 0822455D0A16"]}},
        {"data": {"note": "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n"}},
        {"data": {"archive": "path scp://backup:hunter2@10.0.0.7/cfg"}},
        {"data": {"ntp": ["ntp authentication-key 1 md5 0822455D0A16 7"]}},
    ],
)
def test_secrets_are_found(data: dict[str, object]) -> None:
    found = list(find_secrets(data))
    assert found
    # The finding names where the secret is, never the secret itself.
    for _, reason in found:
        assert "0822455D0A16" not in reason and "hunter2" not in reason and "public" not in reason


@pytest.mark.parametrize(
    "data",
    [
        {"data": {"snmp_v3_user": "monitor", "key_chain_name": "OSPF-KEYS", "password": None}},
        {"data": {"banner": "Authorized access only"}},
        {"data": {"tacacs_servers": [{"name": "ISE", "address": "10.0.0.1"}]}},
        {"data": {"secret_ref": "tacacs_key", "password_policy": "strong"}},
        {"data": {"key_chain": {"name": "OSPF-KEYS"}, "keyring_name": "KR"}},
    ],
)
def test_names_of_secrets_are_not_secrets(data: dict[str, object]) -> None:
    assert list(find_secrets(data)) == []


@pytest.mark.parametrize(
    ("host_filter", "expected"),
    [
        (HostFilter(sites=("FS1",)), ["fs1-rtr01", "fs1-acc01", "fs1-acc02", "fs1-vg01"]),
        (HostFilter(roles=("core",)), ["hq-core01", "hq-core02"]),
        (HostFilter(platforms=("cisco_ios",)), ["pk1-acc01", "pk1-acc02"]),
        (HostFilter(sites=("FS1", "PK1"), roles=("router",)), ["fs1-rtr01", "pk1-rtr01"]),
        (HostFilter(hosts=("hq-acc03", "pk1-rtr01")), ["hq-acc03", "pk1-rtr01"]),
        (HostFilter(tags=("critical",)), ["fs1-rtr01", "fs1-acc01", "fs1-acc02", "fs1-vg01"]),
        (HostFilter(roles=("voice_gateway",), platforms=("cisco_ios",)), []),
    ],
)
def test_filters(host_filter: HostFilter, expected: list[str]) -> None:
    inventory = load_inventory(VALID)
    assert [v.name for v in select(inventory, host_filter)] == expected


@pytest.mark.parametrize("host_filter", [HostFilter(hosts=("hq-acc99",)), HostFilter(sites=("X",))])
def test_unknown_names_are_errors_not_empty_selections(host_filter: HostFilter) -> None:
    with pytest.raises(CitynetError, match="inventory list"):
        select(load_inventory(VALID), host_filter)
