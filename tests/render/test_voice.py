"""The voice gateways' dial plan, rendered for the City: each item of the voice issue's 'Why'.

A small model of IOS outbound dial-peer matching (longest explicit match, then
preference; ``T``; translation profiles; POTS digit stripping) routes numbers through each
rendered gateway, so the tests check what a call does, not only which lines are there.
"""

from __future__ import annotations

import doctest
import re
from dataclasses import dataclass, field

import pytest

from citynet.inventory import voice
from citynet.inventory.hardware import hardware
from citynet.inventory.loader import load_inventory
from citynet.inventory.model import Inventory
from citynet.inventory.schema import Pstn, Role
from citynet.render import dialplan
from citynet.render.renderer import Renderer
from tests.support import PROJECT

# --- a small model of a gateway's dial plan --------------------------------------------------


@dataclass
class DialPeer:
    tag: int
    kind: str
    lines: list[str] = field(default_factory=list)

    def value(self, prefix: str) -> str | None:
        for line in self.lines:
            if line.startswith(prefix + " "):
                return line[len(prefix) + 1 :]
        return None

    @property
    def pattern(self) -> str | None:
        return self.value("destination-pattern")

    @property
    def preference(self) -> int:
        return int(self.value("preference") or 0)


@dataclass
class Plan:
    text: str
    peers: dict[int, DialPeer]
    rules: dict[str, list[tuple[str, str]]]
    profiles: dict[str, dict[str, str]]
    order: list[int]
    """Dial-peer tags in the order the configuration lists them."""


def sections(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line and not line.startswith((" ", "!")):
            current = found.setdefault(line, [])
        elif line.startswith(" ") and current is not None:
            current.append(line.strip())
    return found


def parse(text: str) -> Plan:
    peers: dict[int, DialPeer] = {}
    rules: dict[str, list[tuple[str, str]]] = {}
    profiles: dict[str, dict[str, str]] = {}
    order = []
    for header, body in sections(text).items():
        if found := re.fullmatch(r"dial-peer voice (\d+) (pots|voip)", header):
            peers[int(found[1])] = DialPeer(int(found[1]), found[2], body)
            order.append(int(found[1]))
        elif found := re.fullmatch(r"voice translation-rule (\d+)", header):
            rules[found[1]] = [
                tuple(re.fullmatch(r"rule \d+ (/\S*/) (/\S*/)", line).groups())  # type: ignore[union-attr,misc]
                for line in body
            ]
        elif found := re.fullmatch(r"voice translation-profile (\S+)", header):
            profiles[found[1]] = dict(line.split()[1:3] for line in body)  # type: ignore[misc]
    return Plan(text, peers, rules, profiles, order)


def _regex(pattern: str) -> str:
    """A dial-peer destination pattern as a Python regular expression."""
    out = ""
    for part in re.findall(r"\[[^\]]*\]|.", pattern):
        out += {"T": r"\d*", ".": r"\d"}.get(
            part, part if part.startswith("[") else re.escape(part)
        )
    return f"^{out}$"


def _could_extend(pattern: str, number: str) -> bool:
    """Whether a longer number starting with ``number`` matches ``pattern``: dialled digit
    by digit, IOS keeps collecting digits (until the interdigit timeout) while one may."""
    tokens = re.findall(r"\[[^\]]*\]|.", pattern)
    if tokens[-1] == "T":
        head = tokens[:-1]
        if len(number) >= len(head):
            return re.match(_regex("".join(head)), number[: len(head)]) is not None
    else:
        head = tokens
        if len(number) >= len(head):
            return False
    return re.match(_regex("".join(head[: len(number)])), number) is not None


def waits(plan: Plan, chosen: DialPeer, dialed: str) -> list[int]:
    """The dial-peers that keep a digit-by-digit caller of ``dialed`` waiting."""
    return [
        p.tag
        for p in plan.peers.values()
        if p is not chosen and p.pattern and _could_extend(p.pattern, dialed)
    ] + ([chosen.tag] if (chosen.pattern or "").endswith("T") else [])


def _explicit(pattern: str) -> int:
    return len(re.findall(r"\[[^\]]*\]|[^T]", pattern))


def translate(plan: Plan, rule_set: str | None, number: str) -> str:
    """IOS translation: the first rule whose match matches replaces the matched part."""
    for match, replace in plan.rules.get(rule_set or "", []):
        regex = match.strip("/").replace(r"\(", "(").replace(r"\)", ")")
        if re.search(regex, number):
            return re.sub(regex, replace.strip("/"), number, count=1)
    return number


@dataclass(frozen=True)
class Call:
    peer: DialPeer
    called: str
    calling: str


def route(plan: Plan, dialed: str, calling: str) -> Call:
    """The outbound dial-peer a dialed number matches, and the numbers it sends."""
    matches = [p for p in plan.peers.values() if p.pattern and re.match(_regex(p.pattern), dialed)]
    assert matches, f"nothing matches {dialed}"
    best = max(_explicit(p.pattern or "") for p in matches)
    longest = [p for p in matches if _explicit(p.pattern or "") == best]
    top = min(p.preference for p in longest)
    chosen = [p for p in longest if p.preference == top]
    assert len(chosen) == 1, f"{dialed} matches {[p.tag for p in chosen]} equally"
    peer = chosen[0]
    profile = plan.profiles.get(peer.value("translation-profile outgoing") or "", {})
    called = translate(plan, profile.get("called"), dialed)
    calling = translate(plan, profile.get("calling"), calling)
    if peer.kind == "pots" and peer.value("forward-digits") != "all":
        pattern = peer.pattern or ""
        called = called[len(re.match(r"^\d*", pattern)[0]) :]  # type: ignore[index]
    return Call(peer, called, calling)


# --- the City's gateways ------------------------------------------------------------------


@pytest.fixture(scope="module")
def city() -> Inventory:
    return load_inventory(PROJECT / "inventory")


@pytest.fixture(scope="module")
def rendered(city: Inventory) -> dict[str, str]:
    renderer = Renderer(city, PROJECT / "templates")
    configs = {}
    for name, view in sorted(city.views.items()):
        if view.role is Role.VOICE_GATEWAY:
            result = renderer.render(view)
            assert result.text is not None, result.error
            configs[name] = result.text
    return configs


def _site(city: Inventory, host: str) -> str:
    return city.views[host].site


def _phone_at(city: Inventory, site: str) -> voice.Phone:
    return next(p for p in city.phones if p.site == site)


def _pstn_out(plan: Plan) -> list[DialPeer]:
    """The dial-peers ordinary PSTN calls leave by (the access code stripped)."""
    return [p for p in plan.peers.values() if p.value("translation-profile outgoing") == "PSTN-OUT"]


def _outlet(peer: DialPeer) -> str:
    return peer.value("port") or peer.value("session target") or ""


def _pstn_targets(plan: Plan) -> set[str]:
    """Where PSTN calls leave: the POTS ports and the carrier's session target."""
    return {_outlet(p) for p in _pstn_out(plan)}


def test_every_gateway_routes_911_and_9911_directly_with_the_callers_elin(
    city: Inventory, rendered: dict[str, str]
) -> None:
    assert len(rendered) == 44
    for host, text in rendered.items():
        plan = parse(text)
        site = city.sites[_site(city, host)]
        assert site.voice is not None and site.voice.emergency is not None
        elin = site.voice.emergency.locations[0].elin
        phone = _phone_at(city, _site(city, host))
        for dialed in ("911", "9911"):
            call = route(plan, dialed, phone.extension)
            assert call.called == "911", (host, dialed, call)
            assert call.calling == elin, (host, dialed, call)
            assert call.peer.value("translation-profile outgoing") == "EMERGENCY"
            assert call.peer.value("emergency response zone") == site_id_of(host, city)
            # a complete match: dialled digit by digit (an analog station, PRI overlap) no
            # other pattern could still match more digits, so nothing waits for T302
            assert waits(plan, call.peer, dialed) == [], (host, dialed)
        # one emergency dial-peer per PSTN outlet, each listed ahead of every PSTN dial-peer
        emergency = [p for p in plan.peers.values() if p.pattern in ("911", "9911")]
        outlets = {_outlet(p) for p in emergency}
        assert outlets == _pstn_targets(plan), host
        first_pstn = min(plan.order.index(p.tag) for p in _pstn_out(plan))
        assert all(plan.order.index(p.tag) < first_pstn for p in emergency), host


def test_sites_without_pstn_reach_911_through_their_carrier_with_their_own_elin(
    city: Inventory, rendered: dict[str, str]
) -> None:
    """A park's 911 call leaves through the gateway of the site that carries its PSTN
    calls, presenting the park's ELIN (dispatch goes to the park, not to City Hall)."""
    carried = 0
    for site_id, site in city.sites.items():
        assert site.voice is not None and site.voice.emergency is not None
        if site.voice.pstn is not Pstn.NONE:
            continue
        gateways = [h for h in rendered if _site(city, h) == site.voice.pstn_via]
        assert gateways, site_id
        for host in gateways:
            plan = parse(rendered[host])
            for phone in (p for p in city.phones if p.site == site_id):
                for dialed in ("911", "9911"):
                    call = route(plan, dialed, phone.extension)
                    assert call.called == "911"
                    assert call.calling == site.voice.emergency.locations[0].elin, (host, phone)
                carried += 1
    assert carried >= 43 * 3


def site_id_of(host: str, city: Inventory) -> str:
    return city.views[host].site


def test_the_model_catches_the_old_9t_only_plan() -> None:
    """The plan the issue describes: 911 waits on 9T and leaves as 11."""
    old = parse(
        "voice translation-rule 1\n rule 1 /^9\\(.*\\)/ /\\1/\n!\n"
        "voice translation-profile PSTN-OUT\n translate called 1\n!\n"
        "dial-peer voice 100 pots\n translation-profile outgoing PSTN-OUT\n"
        " destination-pattern 9T\n port 0/1/0\n forward-digits all\n!\n"
    )
    assert route(old, "911", "1001").called == "11"
    # and a caller dialling 911 digit by digit waits for the interdigit timeout on 9T
    assert waits(old, old.peers[100], "911") == [100]
    # 911 alone beside 9T still waits: 9T could match more digits
    both = parse("dial-peer voice 10 pots\n destination-pattern 911\n!\n" + old.text)
    assert waits(both, both.peers[10], "911") == [100]


@pytest.mark.parametrize(
    ("dialed", "sent"),
    [
        ("92125550123", "2125550123"),  # 10-digit local
        ("94155550123", "4155550123"),  # 10-digit, an N1X area code
        ("915555550123", "15555550123"),  # 1 + 10-digit long distance
        ("918105550123", "18105550123"),  # 1 + 10-digit, an N1X area code
        ("9011442071234567", "011442071234567"),  # international
        ("9411", "411"),  # N11 service codes
        ("9211", "211"),
        ("9811", "811"),
    ],
)
def test_pstn_calls_leave_by_the_pstn_outlets_with_the_access_code_stripped(
    city: Inventory, rendered: dict[str, str], dialed: str, sent: str
) -> None:
    for host, text in rendered.items():
        plan = parse(text)
        phone = _phone_at(city, _site(city, host))
        call = route(plan, dialed, phone.extension)
        assert call.peer in _pstn_out(plan) and call.peer.preference == 0, (host, dialed)
        assert call.called == sent, (host, dialed, call)
        assert call.calling == translate(
            plan, plan.profiles["PSTN-OUT"]["calling"], phone.extension
        )
        # every outlet has a dial-peer for the number, one preference each, in outlet order
        backups = sorted(
            (p for p in _pstn_out(plan) if p.pattern == call.peer.pattern),
            key=lambda p: p.preference,
        )
        assert [p.preference for p in backups] == list(range(len(_pstn_targets(plan)))), host
        assert {_outlet(p) for p in backups} == _pstn_targets(plan), host
        # only a variable-length (international) number waits for the interdigit timeout
        assert bool(waits(plan, call.peer, dialed)) == dialed.startswith("9011"), (host, dialed)


@pytest.mark.parametrize("dialed", ["9911", "911", "919115550123", "99115550123"])
def test_no_pstn_pattern_matches_or_extends_an_emergency_number(
    rendered: dict[str, str], dialed: str
) -> None:
    """Not 911 or 9911 (they are the emergency dial-peers'), nor anything starting with
    them: no area code or exchange is N11, and 1911 is no long-distance number."""
    for host, text in rendered.items():
        plan = parse(text)
        for peer in _pstn_out(plan):
            pattern = peer.pattern or ""
            assert not re.match(_regex(pattern), dialed), (host, peer.tag, dialed)
            if dialed in ("911", "9911"):
                assert not _could_extend(pattern, dialed), (host, peer.tag, dialed)


def test_caller_id_is_always_a_did_of_the_callers_own_site(
    city: Inventory, rendered: dict[str, str]
) -> None:
    assert city.voice_plan is not None
    blocks = [voice.did_range(b) for b in city.voice_plan.dial_plan.did_blocks]
    checked: set[str] = set()
    for host, text in rendered.items():
        plan = parse(text)
        profile = plan.profiles["PSTN-OUT"]
        served = _served(city, host)
        for phone in (p for p in city.phones if p.site in served):
            site = city.sites[phone.site]
            assert site.voice is not None and site.voice.did_range is not None
            first, last = voice.did_range(site.voice.did_range)
            shown = int(translate(plan, profile["calling"], phone.extension))
            station = int(phone.extension[3:])
            own = first + station - first % 10_000
            assert shown == (own if first <= own <= last else first), (host, phone)
            checked.add(phone.extension)
        # a number from anywhere else (a forwarded call) presents this site's main number
        main = city.sites[_site(city, host)].voice.did_range.split("-")[0]  # type: ignore[union-attr]
        for stranger in ("2125550100", "8999999", "1"):
            assert translate(plan, profile["calling"], stranger) == main
        for rule in plan.rules[profile["calling"]]:
            number = int(rule[1].strip("/").replace("\\1", "0" * rule[0].count(".")))
            assert any(lo <= number <= hi for lo, hi in blocks), (host, rule)
    assert checked == {p.extension for p in city.phones}  # every phone, via its gateway


def test_dids_ring_the_site_coded_extension(city: Inventory, rendered: dict[str, str]) -> None:
    for host, text in rendered.items():
        plan = parse(text)
        if "PSTN-IN" not in plan.profiles:
            continue  # analog lines: no DIDs arrive, the lines ring the site's operator
        rule_set = plan.profiles["PSTN-IN"]["called"]
        for phone in (
            p
            for p in city.phones
            if p.site == _site(city, host) or _via(city, p.site) == _site(city, host)
        ):
            site = city.sites[phone.site].voice
            assert site is not None and site.did_range is not None
            first, last = voice.did_range(site.did_range)
            did = first - first % 10_000 + int(phone.extension[3:])
            if first <= did <= last:
                assert translate(plan, rule_set, str(did)) == phone.extension, (host, phone)


def _served(city: Inventory, host: str) -> list[str]:
    """The gateway's own site and the sites whose PSTN calls it carries."""
    own = _site(city, host)
    return [own, *sorted(s for s in city.sites if _via(city, s) == own)]


def _via(city: Inventory, site_id: str) -> str | None:
    site = city.sites[site_id].voice
    return site.pstn_via if site else None


def test_dial_peers_are_unambiguous_and_extensions_unique(
    city: Inventory, rendered: dict[str, str]
) -> None:
    analog: dict[str, str] = {}
    phones = {p.extension for p in city.phones}
    for host, text in rendered.items():
        plan = parse(text)
        keys = [(p.pattern, p.preference) for p in plan.peers.values() if p.pattern]
        assert len(keys) == len(set(keys)), host
        agents = [p for p in plan.peers.values() if "Call agent" in (p.value("description") or "")]
        assert {p.pattern for p in agents} == {"8......"}
        for station in re.findall(r"^ station-id number (\d+)$", text, re.M):
            assert station not in analog and station not in phones, (host, station)
            assert station.startswith(city.sites[_site(city, host)].voice.site_code)  # type: ignore[union-attr]
            analog[station] = host
    # every phone's extension goes to the call agents (no other dial-peer is as long)
    plan = parse(rendered["ch-vg01"])
    for phone in city.phones:
        assert route(plan, phone.extension, "1").peer.tag == 200


def test_srst_follows_the_phones_protocol(city: Inventory, rendered: dict[str, str]) -> None:
    for host, text in rendered.items():
        site_id = _site(city, host)
        site = city.sites[site_id]
        assert site.voice is not None
        protocols = {p.protocol for p in city.phones if p.site == site_id}
        blocks = sections(text)
        sip = site.voice.srst and voice.PhoneProtocol.SIP in protocols
        sccp = site.voice.srst and voice.PhoneProtocol.SCCP in protocols
        assert ("voice register global" in blocks) == sip, host
        assert ("call-manager-fallback" in blocks) == sccp, host
        model = hardware(city.hosts[host].data.model)
        assert model is not None
        if sip:
            assert blocks["voice register global"][0] == "mode srst"
            pool = blocks["voice register pool 1"]
            subnet = next(v.subnet for v in site.vlans if str(v.role) == "voice")
            assert pool[0] == f"id network {subnet.network_address} mask {subnet.netmask}"
            assert "registrar server expires max 600 min 60" in blocks["voice service voip"]
        here = [p for p in city.phones if p.site == site_id]
        sccp_here = sum(1 for p in here if p.protocol is voice.PhoneProtocol.SCCP)
        registers = 0
        if sip:
            pools = int(blocks["voice register global"][2].split()[1])
            assert len(here) - sccp_here <= pools
            registers += pools
        if sccp:
            ephones = int(blocks["call-manager-fallback"][3].split()[1])
            assert ephones == sccp_here
            registers += ephones
        # SIP and SCCP SRST together register no more phones than the gateway can
        assert registers <= model.srst_max_phones, host
    assert any("call-manager-fallback" in t for t in rendered.values())


def test_fax_falls_back_to_g711_pass_through(rendered: dict[str, str]) -> None:
    for host, text in rendered.items():
        t38 = [line for line in sections(text)["voice service voip"] if "t38" in line]
        assert t38 == [
            "fax protocol t38 version 0 ls-redundancy 0 hs-redundancy 0 "
            "fallback pass-through g711ulaw"
        ], host


def test_sip_dial_peers_keep_their_far_ends_alive(rendered: dict[str, str]) -> None:
    for host, text in rendered.items():
        plan = parse(text)
        blocks = sections(text)
        assert blocks["voice class sip-options-keepalive 1"][1:] == [
            "down-interval 20",
            "up-interval 30",
            "retry 3",
        ]
        outbound = [
            p for p in plan.peers.values() if p.kind == "voip" and p.value("session target")
        ]
        assert outbound, host
        for peer in outbound:
            assert "voice-class sip options-keepalive profile 1" in peer.lines, (host, peer.tag)


def test_references_are_defined(rendered: dict[str, str]) -> None:
    for host, text in rendered.items():
        plan = parse(text)
        blocks = sections(text)
        for peer in plan.peers.values():
            for line in peer.lines:
                if found := re.match(r"translation-profile (?:incoming|outgoing) (\S+)", line):
                    assert found[1] in plan.profiles, (host, line)
                if found := re.match(r"voice-class codec (\d+)", line):
                    assert f"voice class codec {found[1]}" in blocks, (host, line)
                if found := re.match(r"incoming called e164-pattern-map (\d+)", line):
                    assert f"voice class e164-pattern-map {found[1]}" in blocks, (host, line)
                if found := re.match(r"emergency response zone (\S+)", line):
                    assert f"voice emergency response zone {found[1]}" in blocks, (host, line)
        for profile in plan.profiles.values():
            for rule_set in profile.values():
                assert plan.rules.get(rule_set), (host, rule_set)


def test_the_sip_trunk_gateway_is_a_border_element_facing_the_carrier(
    city: Inventory, rendered: dict[str, str]
) -> None:
    trunks = [h for h in rendered if city.sites[_site(city, h)].voice.pstn is Pstn.SIP]  # type: ignore[union-attr]
    assert sorted(trunks) == ["dc1-vg01", "dc1-vg02", "dc2-vg01", "dc2-vg02"]
    for host, text in rendered.items():
        service = sections(text)["voice service voip"]
        assert ("mode border-element" in service) == (host in trunks), host
        assert "bind control source-interface Loopback0" in service  # the call agents' side
        if host not in trunks:
            continue
        uplink = city.hosts[host].data.uplinks[0].interface
        plan = parse(text)
        carrier = [
            p for p in plan.peers.values() if "10.251.0.10" in (p.value("session target") or "")
        ]
        carrier += [p for p in plan.peers.values() if p.value("incoming called") is not None]
        # 911, 9911, one per NANP pattern out, DIDs in
        assert len(carrier) == 2 + len(dialplan.pstn_patterns("9")) + 1, host
        for peer in carrier:
            assert f"voice-class sip bind control source-interface {uplink}" in peer.lines
            assert f"voice-class sip bind media source-interface {uplink}" in peer.lines
            assert not any("Loopback" in line for line in peer.lines), (host, peer.tag)


def test_emergency_response_locations_come_from_the_inventory(
    city: Inventory, rendered: dict[str, str]
) -> None:
    for host, text in rendered.items():
        site_id = _site(city, host)
        site = city.sites[site_id]
        assert site.voice is not None and site.voice.emergency is not None
        blocks = sections(text)
        assert blocks[f"voice emergency response zone {site_id}"] == [
            f"location {loc.id} priority {n}"
            for n, loc in enumerate(site.voice.emergency.locations, 1)
        ]
        for location in site.voice.emergency.locations:
            assert blocks[f"voice emergency response location {location.id}"] == [
                f"elin 1 {location.elin}",
                f"address {location.address or site.address}",
                f"name {location.name}",
                f"subnet 1 {location.subnet.network_address} {location.subnet.netmask}",
            ]


@pytest.mark.parametrize(
    ("host", "sessions"),
    [
        ("ch-vg01", 40),  # PVDM4-128, two PRIs hold 48 channels: (128 - 48) / 2
        ("fs01-vg01", 12),  # PVDM4-32, eight analog ports: (32 - 8) / 2
        ("dc1-vg01", 128),  # PVDM4-256, no TDM ports: 256 / 2
    ],
)
def test_dsp_sessions_come_from_the_catalogue(
    rendered: dict[str, str], host: str, sessions: int
) -> None:
    assert f" maximum sessions {sessions}\n" in rendered[host]


def test_doctests() -> None:
    result = doctest.testmod(dialplan)
    assert result.failed == 0 and result.attempted >= 4
