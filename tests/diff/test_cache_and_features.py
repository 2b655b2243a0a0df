"""The content-hash cache and the features file."""

from __future__ import annotations

from pathlib import Path

from citynet.diff import diff_configs
from citynet.diff.cache import DiffCache, cache_key, load, save
from citynet.diff.compliance import default_features

RUNNING = "hostname a\ninterface Gi0/1\n description x\n"
GOLDEN = "hostname b\ninterface Gi0/1\n description x\nvoice translation-rule 1\n rule 1 /1/ /2/\n"


def test_cache_hits_on_same_content(tmp_path: Path) -> None:
    cache = DiffCache()
    first = cache.diff(RUNNING, GOLDEN)
    second = cache.diff(RUNNING, GOLDEN)
    assert first is second and (cache.hits, cache.misses) == (1, 1)
    cache.diff(RUNNING + "ntp server 10.0.0.1\n", GOLDEN)
    assert cache.misses == 2
    save(cache, tmp_path / "state" / "diff-cache.json")
    loaded = load(tmp_path / "state" / "diff-cache.json")
    assert len(loaded) == 2
    again = loaded.diff(RUNNING, GOLDEN)
    assert loaded.hits == 1 and again.to_dict() == first.to_dict()


def test_cache_key_separates_inputs() -> None:
    assert cache_key("ab", "c") != cache_key("a", "bc")
    assert cache_key("a", "b", "cisco_ios") != cache_key("a", "b", "cisco_iosxe")


def test_unreadable_cache_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "cache.json"
    path.write_text("{not json")
    assert len(load(path)) == 0
    assert len(load(tmp_path / "missing.json")) == 0


def test_features_file_covers_the_city_features() -> None:
    names = [f.name for f in default_features().features]
    for wanted in (
        "aaa",
        "snmp",
        "ntp",
        "logging",
        "vlans",
        "interfaces",
        "acls",
        "routing",
        "qos",
        "voice-dial-peers",
        "voice-translation",
        "sip",
    ):
        assert wanted in names


def test_feature_statuses_and_uncovered() -> None:
    result = diff_configs(
        RUNNING + "ntp server 10.0.0.2\nntp server 10.0.0.1\nfoo bar\n",
        GOLDEN + "ntp server 10.0.0.1\nntp server 10.0.0.2\n",
    )
    status = {f.name: f.status for f in result.features}
    assert status["system"] == "missing+extra"  # hostname
    assert status["voice-translation"] == "missing"
    assert status["ntp"] == "compliant"  # server order does not matter
    assert status["uncovered"] == "extra"
    assert result.uncovered == ["foo bar"]


def test_wrong_order_status() -> None:
    result = diff_configs(
        "ip access-list extended A\n 10 permit ip host 1.1.1.1 any\n 20 deny ip any any\n",
        "ip access-list extended A\n 10 deny ip any any\n 20 permit ip host 1.1.1.1 any\n",
    )
    acls = next(f for f in result.features if f.name == "acls")
    assert acls.status == "wrong-order"
    assert [c.kind for c in acls.lines] == ["order"]
