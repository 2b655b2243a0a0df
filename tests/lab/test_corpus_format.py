"""The lab's show output has the layout of real IOS / IOS-XE output from the shared corpus.

For table commands, the lab's column header (and the legend above it) is the corpus header
line for line, and every data row starts its left-aligned columns where the header puts
them. For block commands, the lab prints the corpus field labels in the corpus order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from citynet.inventory.loader import load_inventory
from citynet.lab.session import CliSession
from citynet.lab.specs import device_from_spec, specs_from_hosts
from tests.lab.conftest import CORPUS, PROJECT_ROOT
from tests.support import in_ci

GENIE = CORPUS / "genieparser" / "src" / "genie" / "libs" / "parser" / "iosxe" / "tests"
NTC = CORPUS / "ntc-templates" / "tests" / "cisco_ios"
HOSTS = ("ch-core01", "fs01-acc01", "fs01-rtr01", "ch-vg01", "pk01-acc01")

if not CORPUS.is_dir():
    if in_ci():
        raise RuntimeError(f"the shared corpus is not at {CORPUS}: CI must provide it")
    pytest.skip(f"the shared corpus is not at {CORPUS}", allow_module_level=True)


@cache
def sessions() -> dict[str, CliSession]:
    """In-process CLI sessions on City devices started from their golden configs."""
    inventory = load_inventory(PROJECT_ROOT / "inventory")
    texts = {h: (PROJECT_ROOT / "golden_configs" / f"{h}.cfg").read_text() for h in HOSTS}
    specs = specs_from_hosts(inventory.views.values(), texts)
    return {
        s.name: CliSession(device_from_spec(s, port=0), "u", lambda _: None, lambda: None)
        for s in specs
        if s.name in HOSTS
    }


def lab_output(host: str, command: str) -> list[str]:
    """The lab's output lines (right-stripped)."""
    return [line.rstrip() for line in sessions()[host].execute(command).splitlines()]


def corpus_lines(path: Path) -> list[str]:
    """A corpus sample's lines (right-stripped)."""
    return [line.rstrip() for line in path.read_text(encoding="utf-8").splitlines()]


@dataclass(frozen=True)
class Table:
    """A table command: its corpus sample, header, legend lines and left-aligned columns."""

    command: str
    host: str
    sample: Path
    header: str  # regex for the column header line
    columns: tuple[str, ...]  # titles of left-aligned columns every data row fills
    legend: int = 0  # legend lines right above the header that must match too
    row: str = r"^\S"  # regex for a data row

    def __str__(self) -> str:
        return f"{self.command} on {self.host}"


TABLES = [
    Table(
        "show ip interface brief",
        "ch-core01",
        GENIE / "ShowIpInterfaceBrief" / "cli" / "equal" / "golden_output.txt",
        r"^Interface +IP-Address",
        ("IP-Address", "OK?", "Method", "Status"),
    ),
    Table(
        "show interfaces status",
        "fs01-acc01",
        NTC / "show_interfaces_status" / "cisco_ios_show_interfaces_status_pvlan.raw",
        r"^Port +Name",
        ("Name", "Status", "Vlan"),
    ),
    Table(
        "show interfaces description",
        "fs01-rtr01",
        NTC / "show_interfaces_description" / "cisco_ios_show_interfaces_description.raw",
        r"^Interface +Status",
        ("Status", "Protocol"),
    ),
    Table(
        "show standby brief",
        "ch-core01",
        GENIE / "ShowStandbyBrief" / "cli" / "equal" / "golden_output2_output.txt",
        r"^Interface +Grp",
        ("Grp", "P", "State", "Active", "Standby", "Virtual IP"),
        legend=2,
    ),
    Table(
        "show cdp neighbors",
        "fs01-acc01",
        NTC / "show_cdp_neighbors" / "cisco_ios_show_cdp_neighbors_2.raw",
        r"^Device ID +Local Intrfce",
        ("Local Intrfce", "Holdtme", "Platform"),
        legend=4,
        row=r"^\S+ +\S+ \S+ +\d+ ",
    ),
    Table(
        "show lldp neighbors",
        "ch-core01",
        GENIE / "ShowLldpNeighbors" / "cli" / "equal" / "golden_output_output.txt",
        r"^Device ID +Local Intf",
        ("Local Intf", "Hold-time", "Capability", "Port ID"),
        legend=4,
        row=r"^\S+ +\S+ +\d",
    ),
    Table(
        "show ip ospf neighbor",
        "ch-core01",
        NTC / "show_ip_ospf_neighbor" / "four_neighbors.raw",
        r"^Neighbor ID +Pri",
        ("State", "Dead Time"),
        row=r"^\d",
    ),
    Table(
        "show ip bgp summary",
        "fs01-rtr01",
        NTC / "show_ip_bgp_summary" / "cisco_ios_show_ip_bgp_summary.raw",
        r"^Neighbor +V +AS",
        ("V",),
        row=r"^\d",
    ),
]


@pytest.mark.parametrize("table", TABLES, ids=str)
def test_table_header_and_columns_match_the_corpus(table: Table) -> None:
    sample = corpus_lines(table.sample)
    at = next(i for i, line in enumerate(sample) if re.match(table.header, line))
    lab = lab_output(table.host, table.command)
    here = next(i for i, line in enumerate(lab) if re.match(table.header, line))
    assert lab[here - table.legend : here + 1] == sample[at - table.legend : at + 1]
    header = sample[at]
    (real_row, *_) = [x for x in sample[at + 1 :] if re.match(table.row, x)]
    rows = [line for line in lab[here + 1 :] if re.match(table.row, line)]
    assert rows, f"no data rows in the lab's {table.command}"
    first_width = header.index(table.columns[0]) - 1
    for column in table.columns:
        # where the real row starts this column: the token start nearest the title
        starts = [m.start() for m in re.finditer(r"(?<= )\S", real_row)]
        start = min(starts, key=lambda s: abs(s - header.index(column)))
        for row in rows:
            if len(row.split()[0]) >= first_width:
                continue  # a first field wider than its column pushes the row, as on IOS
            if column == "Name" and " notconnect " in row:
                continue  # a port nothing is plugged into has no name, as on IOS
            assert row[start - 1] == " " and row[start] != " ", (column, real_row, row)


def labels(lines: list[str]) -> list[str]:
    """Field labels of a block (``Label: value`` lines) in order."""
    return [m.group(1) for line in lines if (m := re.match(r"^(\S[^:]*?):", line))]


def first_block(lines: list[str], start: str) -> list[str]:
    """The lines from the first ``start`` line to the next one."""
    begin = next(i for i, line in enumerate(lines) if line.startswith(start))
    end = next((i for i in range(begin + 1, len(lines)) if lines[i].startswith(start)), None)
    return lines[begin:end]


@pytest.mark.parametrize(
    ("host", "sample"),
    [
        (
            "fs01-acc01",
            GENIE / "ShowInterfacesSwitchport" / "cli" / "equal" / "golden_output_2_output.txt",
        ),
        (
            "pk01-acc01",
            NTC / "show_interfaces_switchport" / "cisco_ios_show_interfaces_switchport2.raw",
        ),
    ],
    ids=["iosxe", "ios"],
)
def test_switchport_labels_match_the_corpus(host: str, sample: Path) -> None:
    real = labels(first_block(corpus_lines(sample), "Name: "))
    lab = labels(first_block(lab_output(host, "show interfaces switchport"), "Name: "))
    real = [label for label in real if label != "Vepa Enabled"]  # only with VEPA support
    assert lab == real


def test_isdn_status_matches_the_corpus_line_for_line() -> None:
    real = corpus_lines(NTC / "show_isdn_status" / "cisco_ios_show_isdn_status.raw")
    lab = lab_output("ch-vg01", "show isdn status")
    idle = first_block(real[real.index("ISDN Serial0/2/1:23 interface") :], "ISDN Serial")
    ours = first_block(lab[lab.index("ISDN Serial0/2/1:23 interface") :], "ISDN Serial")

    def normal(block: list[str]) -> list[str]:
        return [re.sub(r"Session ID = \d+", "", x) for x in block if "Total Allocated" not in x]

    assert normal(ours) == normal(idle)
    assert lab[0] == real[0]
    assert lab[-1].startswith("    Total Allocated ISDN CCBs =")


ROUTE_SHAPES = {
    "classful header, one mask": r"^ {6}[\d.]+/\d+ is subnetted, \d+ subnets$",
    "classful header, masks": r"^ {6}[\d.]+/\d+ is variably subnetted, \d+ subnets, \d+ masks$",
    "subnet with length": r"^[CLS] {8}[\d.]+/\d+ is directly connected, \S+$",
    "subnet without length": r"^[CLS] {8}[\d.]+ is directly connected, \S+$",
    "network via next hop": r"^S\*? {4,5}[\d.]+/\d+ \[\d+/\d+\] via [\d.]+$",
    "subnet via next hop": r"^S {8}[\d.]+(?:/\d+)? \[\d+/\d+\] via [\d.]+(?:, \S+)?$",
    "network connected": r"^[CLS] {5}[\d.]+/\d+ is directly connected, \S+$",
}


@pytest.mark.parametrize("host", ["ch-core01", "fs01-rtr01", "pk01-acc01"])
def test_route_table_lines_have_the_shapes_of_real_ios_xe_lines(host: str) -> None:
    real = [
        line
        for path in sorted((GENIE / "ShowIpRoute" / "cli" / "equal").glob("*_output.txt"))
        for line in corpus_lines(path)
    ]
    lab = lab_output(host, "show ip route")
    body = lab[lab.index(next(x for x in lab if x.startswith("Gateway of last resort"))) + 2 :]
    assert body
    for line in body:
        shape = next((k for k, rx in ROUTE_SHAPES.items() if re.match(rx, line)), None)
        assert shape is not None, line
        assert any(re.match(ROUTE_SHAPES[shape], x) for x in real), (shape, line)
