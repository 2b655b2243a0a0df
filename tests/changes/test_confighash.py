"""Configuration hashes: the fast path equals the definition; a device's own rewriting never
changes a hash, a change of meaning always does; remediation lands on the post hash."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from citynet.changes.confighash import BlockCache, config_hash, reference_hash
from citynet.diff import diff_configs, parse
from citynet.diff.model import apply
from citynet.errors import ConfigParseError
from tests.support import PROJECT

GOLDEN = sorted((PROJECT / "golden_configs").glob("*.cfg"))
SAMPLE = GOLDEN[:: max(1, len(GOLDEN) // 40)]


def test_the_block_cache_gives_the_reference_hash_for_every_city_device() -> None:
    cache = BlockCache()
    for path in GOLDEN:
        text = path.read_text()
        assert config_hash(text, cache=cache) == reference_hash(text), path.name
    assert cache.hits > 10 * cache.misses  # the fleet shares its blocks


@pytest.mark.parametrize("path", SAMPLE, ids=[p.stem for p in SAMPLE])
def test_a_device_rewriting_its_config_keeps_the_hash(path: Path) -> None:
    text = path.read_text()
    before = config_hash(text)
    blocks = text.split("\n!\n")
    rng = random.Random(path.name)
    shuffled = blocks[:]
    rng.shuffle(shuffled)
    rewritten = [
        "Building configuration...\n\nCurrent configuration : 12345 bytes\n!\n"
        + "\n!\n".join(blocks)
        + "\nend\n",  # the device's banner lines and end
        "\n!\n".join(shuffled) + "\n",  # sections in another order
        text.replace("\n 10 permit", "\n 15 permit"),  # an ACL resequenced
        text.replace("\n", "\n\n", 3).replace("\n!\n", "\n!\n!\n"),  # blank and ! lines
    ]
    for variant in rewritten:
        assert config_hash(variant) == before
        assert reference_hash(variant) == before


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("logging host 10.0.76.12\n", ""),
        (" description User port\n", " description Lobby\n"),
        ("ntp server ", "ntp server 10.9.9.9\nntp server "),
        (
            " 10 permit 10.0.44.48 0.0.0.7\n 20 permit",
            " 10 permit 10.0.76.48 0.0.0.7\n 20 permit",
        ),
    ],
)
def test_any_change_of_meaning_changes_the_hash(old: str, new: str) -> None:
    text = (PROJECT / "golden_configs" / "fs01-acc01.cfg").read_text()
    assert old in text
    changed = text.replace(old, new, 1)
    assert config_hash(changed) != config_hash(text)
    assert config_hash(changed) == reference_hash(changed)


def test_acl_entry_order_counts() -> None:
    one = "ip access-list standard A\n 10 permit 10.0.0.1\n 20 deny any\n"
    two = "ip access-list standard A\n 10 deny any\n 20 permit 10.0.0.1\n"
    assert config_hash(one) != config_hash(two)
    numbered = "access-list 5 permit 10.0.0.1\naccess-list 5 deny any\n"
    swapped = "access-list 5 deny any\naccess-list 5 permit 10.0.0.1\n"
    assert config_hash(numbered) != config_hash(swapped)
    assert config_hash(numbered) == reference_hash(numbered)


def test_a_key_given_twice_keeps_its_last_line() -> None:
    text = "hostname a\nlogging buffered 4096\nhostname b\n"
    assert config_hash(text) == reference_hash(text)
    assert config_hash(text) == config_hash("logging buffered 4096\nhostname b\n")
    classic = "ip name-server 10.0.44.11\nip name-server 10.0.76.11\n"
    assert config_hash(classic, "cisco_ios") == reference_hash(classic, "cisco_ios")


def test_a_section_given_twice_is_merged_as_the_engine_merges_it() -> None:
    split = "interface Gi1\n description a\nhostname r\ninterface Gi1\n shutdown\n"
    merged = "interface Gi1\n description a\n shutdown\nhostname r\n"
    assert config_hash(split) == reference_hash(split) == config_hash(merged)


def test_secret_values_do_not_count() -> None:
    one = "enable secret 9 $9$abc$def\nusername a privilege 15 secret 9 $9$x$y\n"
    two = "enable secret 5 $1$zzz\nusername a privilege 15 secret 9 $9$q$r\n"
    assert config_hash(one) == config_hash(two)


def test_a_broken_config_names_its_line() -> None:
    with pytest.raises(ConfigParseError, match="line 2"):
        config_hash("hostname a\nbanner motd ^\nnever closed\n")


@pytest.mark.parametrize("host", ["fs01-acc02", "fs01-rtr01", "fs01-vg01", "lib1-acc01"])
def test_remediation_lands_on_the_post_hash_and_rollback_on_the_pre_hash(host: str) -> None:
    golden = (PROJECT / "golden_configs" / f"{host}.cfg").read_text()
    running = (
        golden.replace("logging host 10.0.76.12\n", "")
        .replace(" description ", " description X", 2)
        .replace("ntp server ", "ntp server 10.1.1.1\nntp server ", 1)
    )
    result = diff_configs(running, golden, platform="cisco_iosxe")
    assert result.remediation
    after = apply(parse(running), result.remediation)
    text_after = "\n".join(after.lines()) + "\n"
    assert config_hash(text_after) == config_hash(golden)
    back = apply(after, result.rollback)
    assert config_hash("\n".join(back.lines()) + "\n") == config_hash(running)
