"""The City dial plan in the source of truth: each voice rule, failing and passing.

The passing inventory is tests/fixtures/voice/base; every case under
tests/fixtures/voice/broken holds only the files it changes (laid over the base) and
the exact errors they give.
"""

from __future__ import annotations

import doctest
import shutil
from itertools import pairwise
from pathlib import Path

import pytest

from citynet.inventory import voice
from citynet.inventory.loader import load_inventory, validate_inventory
from citynet.inventory.model import Inventory
from citynet.inventory.schema import Pstn, Role
from tests.support import FIXTURES, PROJECT, CliRunner

VOICE = FIXTURES / "voice"
BASE = VOICE / "base" / "inventory"
CASES = sorted(p for p in (VOICE / "broken").iterdir() if p.is_dir())

RULES = {
    "duplicate_extension": "extensions unique City-wide (phones and analog stations)",
    "did_overlap": "DID ranges that overlap between sites",
    "did_outside_blocks": "DIDs outside the City's blocks",
    "did_not_a_block": "DID ranges that cannot be mapped to stations",
    "emergency_missing": "an emergency route missing at a site with PSTN access",
    "pstn_without_ports": "PSTN access with no gateway port to carry 911",
    "elin_problems": "ELINs outside the site's DIDs, shared, or in another site's subnet",
    "no_survivable_911": "a site with phones and no survivable 911 path",
    "srst_capacity": "phones beyond the gateway's SRST capacity",
    "phone_not_on_phone_port": "a phone on a port that is not a phone port",
    "duplicate_mac": "a MAC twice (in two spellings)",
    "phone_wrong_switch": "a phone on a switch of another site or a core",
    "pstn_via_missing": "a site without PSTN access and no site carrying its calls",
    "pstn_via_problems": "pstn_via to a site without PSTN, or beside own PSTN",
    "site_code_problems": "site codes of the wrong length or shared",
    "site_code_access_digit": "a site code starting with the PSTN access code",
    "extension_not_site_coded": "extensions that are not site code + station",
    "phones_csv_malformed": "bad rows in phones.csv",
    "phones_csv_header": "a phones.csv with the wrong columns",
    "phones_csv_bad_values": "values of the wrong form in phones.csv",
    "voice_yaml_unknown_key": "a misspelt key in voice.yaml",
    "call_control_mismatch": "call-control servers that are not the gateways' call agents",
}


def _overlay(case: Path, tmp: Path) -> Path:
    """The base inventory with the case's files laid over it, under ``tmp/inventory``."""
    inventory = tmp / "inventory"
    shutil.copytree(BASE, inventory)
    for path in (case / "inventory").iterdir():
        shutil.copy(path, inventory / path.name)
    return inventory


def test_every_case_is_a_known_rule() -> None:
    assert sorted(RULES) == [c.name for c in CASES]


def test_the_base_is_valid_and_has_a_dial_plan() -> None:
    inventory, problems = validate_inventory(BASE)
    assert [str(p) for p in problems] == []
    assert inventory is not None and inventory.voice_plan is not None
    assert inventory.voice_plan.dial_plan.site_code_digits == 3
    assert [p.extension for p in inventory.phones] == [
        "8011001",
        "8011002",
        "8021101",
        "8021102",
        "8021150",
        "8031201",
    ]
    # three spellings of a MAC in the file, one form in the model
    assert {p.mac for p in inventory.phones if p.site == "HQ"} == {
        "f87b.2000.0101",
        "f87b.2000.0102",
    }
    assert inventory.phones[4].mac == "f87b.2000.0203"
    assert inventory.phones[4].protocol is voice.PhoneProtocol.SCCP


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_exact_errors(case: Path, tmp_path: Path) -> None:
    _, problems = validate_inventory(_overlay(case, tmp_path))
    expected = (case / "expected.txt").read_text().splitlines()
    assert expected, "a broken fixture must produce at least one error"
    assert [str(p) for p in problems] == expected
    for line in expected:
        where = line.split(": error: ")[0]
        assert where.startswith("inventory/") and where.rsplit(":", 1)[1].isdigit(), line
        assert "(fix: " in line, line


def test_cli_reports_a_broken_dial_plan_with_file_and_line(cli: CliRunner, tmp_path: Path) -> None:
    _overlay(VOICE / "broken" / "no_survivable_911", tmp_path)
    result = cli("inventory", "validate", cwd=tmp_path)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    assert "inventory/sites.yaml:71: error: site PK1 has 1 phone and no 911 path" in result.out


def test_a_phones_file_outside_the_inventory_is_refused(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    shutil.copytree(BASE, inventory)
    outside = tmp_path / "elsewhere.csv"
    shutil.move(inventory / "phones.csv", outside)
    (inventory / "phones.csv").symlink_to(outside)
    _, problems = validate_inventory(inventory)
    assert [str(p) for p in problems] == [
        "inventory/phones.csv: error: is a symbolic link to a file outside the inventory "
        "folder (fix: replace it with the file itself: phones are read from "
        "inventory/phones.csv only)"
    ]


def test_without_a_dial_plan_only_phones_and_numbers_are_checked(tmp_path: Path) -> None:
    """An inventory without voice.yaml (the generated fleets) has no City dial plan to
    enforce: no emergency route is required where no phone is listed."""
    inventory = _overlay(VOICE / "broken" / "emergency_missing", tmp_path)
    (inventory / "voice.yaml").unlink()
    (inventory / "phones.csv").write_text("extension,mac,model,protocol,site,switch,port\n")
    _, problems = validate_inventory(inventory)
    assert [str(p) for p in problems] == []
    (inventory / "phones.csv").write_text(
        "extension,mac,model,protocol,site,switch,port\n"
        "8021101,f8:7b:20:00:02:01,CP-8845,sip,FS1,fs1-acc01,GigabitEthernet1/0/1\n"
    )
    _, problems = validate_inventory(inventory)
    assert [p.message for p in problems] == [
        "site FS1 has 1 phone but no emergency response location: their 911 calls would "
        "present no callback number"
    ]


def test_doctests() -> None:
    result = doctest.testmod(voice)
    assert result.failed == 0 and result.attempted >= 7


# --- the City ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def city() -> Inventory:
    return load_inventory(PROJECT / "inventory")


def test_the_city_has_a_dial_plan_and_its_phones(city: Inventory) -> None:
    assert city.voice_plan is not None
    plan = city.voice_plan.dial_plan
    assert (plan.site_code_digits, plan.station_digits, plan.pstn_access_code) == (3, 4, "9")
    assert [str(s.address) for s in city.voice_plan.call_control] == city.defaults.data[
        "call_agents"
    ]
    assert len(city.phones) >= 200
    assert {p.site for p in city.phones} == set(city.sites)
    assert {p.protocol for p in city.phones} == {
        voice.PhoneProtocol.SIP,
        voice.PhoneProtocol.SCCP,
    }
    assert voice.check_voice(city) == []


def test_every_city_site_with_phones_survives_a_wan_outage(city: Inventory) -> None:
    gateways = {v.site for v in city.views.values() if v.role is Role.VOICE_GATEWAY}
    servers = {s.site for s in city.voice_plan.call_control} if city.voice_plan else set()
    for site_id, site in city.sites.items():
        assert site.voice is not None
        if site.voice.pstn is Pstn.NONE:
            # no gateway: analog lifeline lines, and a PSTN site carrying the IP phones' calls
            assert site_id not in gateways and site.voice.lifeline is not None, site_id
            via = city.sites[site.voice.pstn_via or ""]
            assert via.voice is not None and via.voice.pstn is not Pstn.NONE, site_id
        else:
            assert site_id in gateways, site_id
            assert site.voice.srst or site_id in servers, site_id
        assert site.voice.emergency is not None, site_id


def test_city_extensions_are_site_coded_and_unique(city: Inventory) -> None:
    extensions = [p.extension for p in city.phones]
    assert len(extensions) == len(set(extensions))
    codes = {site_id: site.voice.site_code for site_id, site in city.sites.items() if site.voice}
    assert len(set(codes.values())) == len(codes)
    for phone in city.phones:
        assert len(phone.extension) == 7 and phone.extension[:3] == codes[phone.site]


def test_city_dids_are_disjoint_blocks_inside_the_citys(city: Inventory) -> None:
    assert city.voice_plan is not None
    blocks = [voice.did_range(b) for b in city.voice_plan.dial_plan.did_blocks]
    spans = sorted(
        voice.did_range(site.voice.did_range)
        for site in city.sites.values()
        if site.voice and site.voice.did_range
    )
    assert len(spans) == len(city.sites)
    for (_, last), (first, _) in pairwise(spans):
        assert last < first
    for first, last in spans:
        assert any(lo <= first and last <= hi for lo, hi in blocks)
        assert voice.did_block(first, last) is not None
