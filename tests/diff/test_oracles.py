"""The public oracles: hier_config's IOS fixtures and netutils' IOS compliance cases.

hier_config's expected remediation encodes its own semantics, so the circular
fixtures are compared line by line (with their parents), and every place this
engine deliberately differs is listed with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from citynet.diff import diff_configs, parse, tags
from citynet.diff.compliance import FeatureSet, features_from_data
from citynet.diff.model import apply, canonical
from citynet.ios import rules
from citynet.ios.driver import DRIVERS
from citynet.ios.secrets import mask_line
from citynet.platforms import Platform

from .corpus import corpus_dir


def _flat(lines: list[str] | str) -> set[tuple[str, ...]]:
    """(parents..., line) for every command, indentation-based, exits dropped."""
    text = lines if isinstance(lines, str) else "\n".join(lines)
    out: set[tuple[str, ...]] = set()
    stack: list[tuple[int, str]] = []
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith(("!", "exit")):
            continue
        indent = len(raw) - len(raw.lstrip())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        out.add((*(s for _, s in stack), stripped))
        stack.append((indent, stripped))
    return out


# Where this engine deliberately differs from hier_config's circular IOS fixture.
CIRCULAR_DIFFERENCES = {
    # SNMP communities are secrets: compared by presence, never printed, so a
    # changed community string is not drift (both sides are "<redacted> RO").
    ("remediation", "only-hier"): {
        ("no snmp-server community public RO",),
        ("snmp-server community private RO",),
        # "no shutdown" is an interface's default: a device never shows it.
        ("interface GigabitEthernet0/3", "no shutdown"),
        # Physical interfaces cannot be deleted: "default interface" instead.
        ("no interface GigabitEthernet0/2",),
        # The description is replaced in place; no "no neighbor ... description" first.
        ("router bgp 65001", "no neighbor 192.168.1.2 description Peer Router"),
    },
    ("remediation", "only-ours"): {("default interface GigabitEthernet0/2",)},
    ("rollback", "only-hier"): {
        ("no snmp-server community private RO",),
        ("snmp-server community public RO",),
        ("no interface GigabitEthernet0/3",),
        ("router bgp 65001", "no neighbor 192.168.1.2 description Peer Router Updated"),
        # Interface Gi0/1's description goes back by replacement (same as above).
    },
    ("rollback", "only-ours"): {("default interface GigabitEthernet0/3",)},
}


def test_hier_config_circular_ios() -> None:
    fixtures = corpus_dir("hier_config", "tests", "circular", "fixtures")
    running = (fixtures / "ios_running.conf").read_text()
    generated = (fixtures / "ios_generated.conf").read_text()
    result = diff_configs(running, generated)
    for kind, ours in (("remediation", result.remediation), ("rollback", result.rollback)):
        theirs = _flat((fixtures / f"ios_{kind}.conf").read_text())
        mine = _flat(ours)
        assert theirs - mine == CIRCULAR_DIFFERENCES[(kind, "only-hier")], kind
        assert mine - theirs == CIRCULAR_DIFFERENCES[(kind, "only-ours")], kind
    # And the circle closes in the model.
    r_tree, g_tree = parse(running), parse(generated)
    after = apply(r_tree, result.remediation)
    assert canonical(after) == canonical(g_tree)
    assert canonical(apply(after, result.rollback)) == canonical(r_tree)


def test_hier_config_workflow_fixture() -> None:
    fixtures = corpus_dir("hier_config", "tests", "fixtures")
    result = diff_configs(
        (fixtures / "running_config.conf").read_text(),
        (fixtures / "generated_config.conf").read_text(),
    )
    theirs = _flat((fixtures / "remediation_config_without_tags.conf").read_text())
    mine = _flat(result.remediation)
    # "no shutdown" is the default of an interface, never shown by a device: a new
    # interface does not get it (Vlan2 does: it removes the running "shutdown").
    assert theirs - mine == {("interface Vlan4", "no shutdown")}
    assert mine - theirs == set()


def _inline_cases() -> list[dict[str, object]]:
    path = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "hier_config"
    path = path / "_extracted" / "inline_test_cases.yml"
    if not path.is_file():
        return []
    cases = yaml.safe_load(path.read_text())
    return [c for c in cases if c["platform"] in ("CISCO_IOS", "GENERIC")]


# Inline cases where this engine deliberately emits something else.
INLINE_DIFFERENCES = {
    # SNMP community strings are secrets: compared by presence, so the
    # communities themselves are not drift; the host lines are.
    "test_generic_snmp_scenario_1",
}


@pytest.mark.parametrize("case", _inline_cases(), ids=lambda c: str(c["test"]))
def test_hier_config_inline_cases(case: dict[str, object]) -> None:
    result = diff_configs(str(case["running"]), str(case["intended"]))
    theirs = _flat(str(case["expected_remediation"]))
    mine = _flat(result.remediation)
    if case["test"] in INLINE_DIFFERENCES:
        assert not any("examplekey" in line for line in result.remediation)
        return
    assert mine == theirs


def test_inline_cases_found() -> None:
    corpus_dir("hier_config", "_extracted")
    assert len(_inline_cases()) >= 4


# ---------------------------------------------------------------- netutils
def _netutils_features(path: Path) -> FeatureSet:
    data = json.loads(path.read_text())
    features = data["features"] if "features" in data else [data["feature"]]
    return FeatureSet(features_from_data(features, str(path)))


def test_netutils_ios_basic_compliance() -> None:
    base = corpus_dir("netutils", "tests", "unit", "mock", "config", "compliance", "compliance")
    base = base / "cisco_ios"
    features = _netutils_features(base / "ios_basic_feature.json")
    expected = json.loads((base / "ios_basic_received.json").read_text())
    result = diff_configs(
        (base / "ios_basic_backup.txt").read_text(),
        (base / "ios_basic_intended.txt").read_text(),
        features=features,
    )
    by_name = {f.name: f for f in result.features}
    for name, want in expected.items():
        assert by_name[name].compliant == want["compliant"], name
        missing = [c.line for c in by_name[name].lines if c.kind == "missing"]
        extra = [c.line for c in by_name[name].lines if c.kind == "extra"]
        assert missing == [m for m in want["missing"].splitlines() if m], name
        assert extra == [e for e in want["extra"].splitlines() if e], name
    # netutils matches "access-list" to no feature: it is left over.
    assert "access-list 1 permit 10.10.15.15" in result.uncovered


FEATURE_CASES = [
    "ios_basic",
    "ios_dual_banner",
    "ios_dual_banner_exec",
    "ios_dual_banner_motd",
    "ios_empty_banner",
    "ios_empty_both",
    "ios_empty_dst",
    "ios_empty_src",
]


@pytest.mark.parametrize("name", FEATURE_CASES)
def test_netutils_feature_compliance(name: str) -> None:
    base = corpus_dir("netutils", "tests", "unit", "mock", "config", "compliance")
    base = base / "feature_compliance"
    actual_file = base / f"{name}_actual.txt"
    if not actual_file.exists():  # the dual-banner cases share one actual file
        actual_file = base / "ios_dual_banner_actual.txt"
    features = _netutils_features(base / f"{name}_feature.json")
    want = json.loads((base / f"{name}_received.json").read_text())["data"]
    result = diff_configs(
        actual_file.read_text(), (base / f"{name}_intended.txt").read_text(), features=features
    )
    feature = next(f for f in result.features if f.name == features.features[0].name)
    assert feature.compliant == want["compliant"]
    # Missing/extra agree by top-level line (banners: by banner, not by text line).
    tops = {c.path[0] if c.path else c.line for c in feature.lines if c.kind == "missing"}
    want_tops = {line for line in want["missing"].splitlines() if line and line[0] != " "}
    want_tops = {"banner " + t.split()[1] if t.startswith("banner ") else t for t in want_tops}
    ignore = ("=", "-", "*", "^C", "actual", "intend")
    assert tops == {t for t in want_tops if not t.startswith(ignore)}


def test_netutils_config_section_not_parsed() -> None:
    base = corpus_dir("netutils", "tests", "unit", "mock", "config", "compliance")
    base = base / "config_section_not_parsed" / "cisco_ios"
    features = _netutils_features(base / "ios_basic_feature.json")
    text = (base / "ios_basic_sent.txt").read_text()
    want = json.loads((base / "ios_basic_received.json").read_text())["remaining_cfg"]
    result = diff_configs(text, text, features=features)
    assert result.uncovered == [line for line in want.splitlines() if line and line != "!"]


def test_netutils_ios_parser_lines_are_in_the_tree() -> None:
    base = corpus_dir("netutils", "tests", "unit", "mock", "config", "parser", "base", "cisco_ios")
    tree = parse((base / "ios_full_sent.txt").read_text())
    want = json.loads((base / "ios_full_received.json").read_text())["data"]
    paths = set()

    def collect(node_children: list, parents: tuple[str, ...]) -> None:  # type: ignore[type-arg]
        for child in node_children:
            paths.add((*parents, child.text))
            collect(child.children, (*parents, child.text))

    collect(tree.children, ())
    checked = 0
    for item in want:
        line = item["config_line"].strip()
        parents = tuple(" ".join(p.split()) for p in item["parents"])
        if line.startswith(("exit", "banner", "!")) or any(p.startswith("banner") for p in parents):
            continue
        if any(p.startswith("crypto pki certificate chain") for p in parents):
            continue  # certificate data is device-generated; ignored by rule
        if not parents and DRIVERS[Platform.CISCO_IOS].ignored_by_diff(line):
            continue  # written by the device itself (version, boot markers)
        if line in ("end",) or "secret" in line or "password" in line:
            continue
        if parents and rules.is_default_line(rules.child_context("root", parents[0]), line):
            continue  # "no shutdown", "no ip address": equal to their absence
        line = mask_line(" ".join(line.split()))  # communities are secrets too
        assert (*parents, line) in paths, (parents, line)
        checked += 1
    assert checked > 120


def test_hier_config_tag_rules_safe_subset() -> None:
    fixtures = corpus_dir("hier_config", "tests", "fixtures")
    result = diff_configs(
        (fixtures / "running_config.conf").read_text(),
        (fixtures / "generated_config.conf").read_text(),
    )
    rules = tags.rules_from_data(yaml.safe_load((fixtures / "tag_rules_ios.yml").read_text()))
    safe = tags.filter_lines(result.remediation, rules, include=["safe"])
    expected = (fixtures / "remediation_config_with_safe_tags.conf").read_text()
    assert _flat(safe) == _flat(expected)
    manual = tags.filter_lines(result.remediation, rules, include=["manual"])
    assert (" ip address 10.0.3.1 255.255.0.0") in manual
    assert not set(safe) & {line for line in manual if line.startswith("  ")}
