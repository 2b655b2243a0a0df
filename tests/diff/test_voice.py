"""Voice compliance: real voice configurations, edited as an engineer would.

The running configurations are the voice snippets of Batfish's parsing tests and the
CUBE configuration of the AWS live-call-analytics sample (shared corpus). Each case
edits them into a golden configuration and states, worked out by hand, the commands IOS
needs: single-valued lines replaced by entering the new value, ``rule N`` and ``codec
preference N`` replaced by number, a dial-peer's type changed by removing and recreating
it, hardware sections (voice ports, controllers, voice cards) emptied rather than
removed, a DSP farm profile shut while its codecs or sessions change. The remediation is
then entered line by line into the lab's configuration engine, which must end at the
golden configuration (zero drift), and the rollback must bring it back.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from citynet.diff import diff_configs
from citynet.diff.compliance import default_features
from tests.diff.corpus import corpus_dir

config_engine = pytest.importorskip("citynet.lab.config_engine")

SNIPPETS = ("batfish", "tests", "parsing-tests", "networks", "unit-tests", "configs")
CUBE = ("aws-samples-lca-cube", "_extracted", "cube_chime_siprec_fragments.cfg")


def corpus_text(*parts: str) -> str:
    return corpus_dir(*parts).read_text(encoding="utf-8")


def snippet(name: str) -> str:
    return corpus_text(*SNIPPETS, name)


@dataclass(frozen=True)
class Case:
    name: str
    source: tuple[str, ...]
    edits: tuple[tuple[str, str], ...]
    remediation: str

    def texts(self) -> tuple[str, str]:
        running = corpus_text(*self.source)
        golden = running
        for old, new in self.edits:
            assert old in golden, f"{self.name}: {old!r} is not in the corpus text"
            golden = golden.replace(old, new, 1)
        return running, golden


VOICE = (*SNIPPETS, "cisco_voice")
CASES = (
    Case(
        "dial-peer single-valued lines replaced by their new value",
        VOICE,
        (
            (" destination-pattern .T", " destination-pattern 9T"),
            (" preference 1\n", " preference 2\n"),
            (" session target ras", " session target ipv4:5.6.7.8"),
        ),
        """
dial-peer voice 1 voip
 destination-pattern 9T
 preference 2
 session target ipv4:5.6.7.8
""",
    ),
    Case(
        "codec preference replaced by number",
        VOICE,
        ((" codec preference 2 g711alaw", " codec preference 2 g711ulaw"),),
        """
voice class codec 1
 codec preference 2 g711ulaw
""",
    ),
    Case(
        "translation rule replaced by number",
        VOICE,
        ((" rule 1 /^0011649\\(.*\\)/ /\\100/", " rule 1 /^011\\(.*\\)/ /+\\1/"),),
        """
voice translation-rule 1
 rule 1 /^011\\(.*\\)/ /+\\1/
""",
    ),
    Case(
        "a voice port dropped from golden is emptied, never removed",
        VOICE,
        (
            (
                "voice-port 0/0/0:23\n caller-id enable\n connection plar 1601\n cptone GB\n"
                " description giuahwefuiowjh\n echo-cancel coverage 64\n shutdown\n"
                " signal cama KP-0-NXX-XXXX-ST\n timeouts ringing infinity\n"
                " timing hookflash-out 50\n timing guard-out 1000\n",
                "",
            ),
        ),
        """
voice-port 0/0/0:23
 no timing guard-out 1000
 no timing hookflash-out 50
 no timeouts ringing infinity
 no signal cama KP-0-NXX-XXXX-ST
 no shutdown
 no echo-cancel coverage 64
 no description giuahwefuiowjh
 no cptone GB
 no connection plar 1601
 no caller-id enable
""",
    ),
    Case(
        "voice port settings replaced by their new value",
        VOICE,
        (
            (" description giuahwefuiowjh", " description PRI to carrier"),
            (" echo-cancel coverage 64", " echo-cancel coverage 32"),
            (" timing guard-out 1000", " timing guard-out 500"),
        ),
        """
voice-port 0/0/0:23
 description PRI to carrier
 echo-cancel coverage 32
 timing guard-out 500
""",
    ),
    Case(
        "sip-ua retries and timers",
        VOICE,
        ((" retry invite 2", " retry invite 4"), (" timers trying 150", " timers trying 300")),
        """
sip-ua
 retry invite 4
 timers trying 300
""",
    ),
    Case(
        "SCCP SRST limits",
        VOICE,
        ((" max-ephones 10", " max-ephones 20"), (" keepalive 20", " keepalive 30")),
        """
call-manager-fallback
 max-ephones 20
 keepalive 30
""",
    ),
    Case(
        "an E.164 pattern map gains a number",
        VOICE,
        ((" e164 5557123", " e164 5557123\n e164 5557124"),),
        """
voice class e164-pattern-map 1111
 e164 5557124
""",
    ),
    Case(
        "a URI class points at another host",
        VOICE,
        ((" host ipv4:10.0.0.0", " host ipv4:10.0.0.1"),),
        """
voice class uri ab200 sip
 host ipv4:10.0.0.1
""",
    ),
    Case(
        "a DSP farm profile is shut while its codecs and sessions change",
        (*SNIPPETS, "cisco_dscpfarm"),
        ((" maximum sessions 168", " maximum sessions 84"), (" codec g729abr8\n", "")),
        """
dspfarm profile 111 transcode
 shutdown
 maximum sessions 84
 no codec g729abr8
 no shutdown
""",
    ),
    Case(
        "an SCCP call-manager priority",
        (*SNIPPETS, "cisco_sccp"),
        ((" associate ccm 2 priority 2", " associate ccm 2 priority 3"),),
        """
sccp ccm group 1
 associate ccm 2 priority 3
""",
    ),
    Case(
        "an analog port's fallback number",
        (*SNIPPETS, "cisco_stcapp"),
        ((" port 2/3\n  fallback-dn 1234567890", " port 2/3\n  fallback-dn 5550100"),),
        """
stcapp supplementary-services
 port 2/3
  fallback-dn 5550100
 exit
""",
    ),
    Case(
        "CME phone limit",
        (*SNIPPETS, "isr_voip"),
        ((" max-ephones 25", " max-ephones 30"),),
        """
telephony-service
 max-ephones 30
""",
    ),
    Case(
        "CUBE: a dial-peer's type cannot change in place",
        CUBE,
        (
            (
                "dial-peer voice 400 voip\n description ***Outbound Dial-Peer to PBX****\n"
                " destination-pattern .T\n session protocol sipv2\n"
                " session target ipv4:IP_ADDRESS_OF_PBX\n session transport udp\n"
                " voice-class sip bind control source-interface GigabitEthernet2\n"
                " voice-class sip bind media source-interface GigabitEthernet2\n"
                " voice-class codec 1\n dtmf-relay rtp-nte\n no vad\n",
                "dial-peer voice 400 pots\n description ***Outbound to PBX over the PRI***\n"
                " destination-pattern .T\n port 0/1/0:23\n forward-digits all\n",
            ),
        ),
        """
no dial-peer voice 400 voip
dial-peer voice 400 pots
 description ***Outbound to PBX over the PRI***
 destination-pattern .T
 port 0/1/0:23
 forward-digits all
""",
    ),
    Case(
        "CUBE: transport, tenant and codec list of the carrier trunk",
        CUBE,
        (
            (
                " session target sip-server\n session transport udp\n",
                " session target sip-server\n session transport tcp\n",
            ),
            (
                " voice-class sip tenant 10\n voice-class sip bind",
                " voice-class sip tenant 20\n voice-class sip bind",
            ),
            (
                " codec preference 1 g711ulaw\n",
                " codec preference 1 g711ulaw\n codec preference 2 g729r8\n",
            ),
            (" rule 1 /\\(^1..........$\\)/ /+\\1/", " rule 1 /^\\(1..........\\)$/ /+\\1/"),
        ),
        """
voice class codec 1
 codec preference 2 g729r8
voice translation-rule 10
 rule 1 /^\\(1..........\\)$/ /+\\1/
dial-peer voice 300 voip
 session transport tcp
 voice-class sip tenant 20
""",
    ),
    Case(
        "CUBE: media recording dropped from a dial-peer entered again by its tag",
        CUBE,
        (("dial-peer voice 200\n media-class 100\n", "dial-peer voice 200\n"),),
        """
dial-peer voice 200 voip
 no media-class 100
""",
    ),
)


def lab(text: str, commands: list[str]) -> str:
    """``text`` loaded into the lab's configuration engine, ``commands`` entered one by one."""
    tree, _ = config_engine.parse_config(text, strict=False)
    editor = config_engine.ConfigEditor(tree, strict=False)
    for line in commands:
        result = editor.apply(line)
        assert result.error is None, f"the lab rejected {line!r}: {result.error}"
    return str(config_engine.render_config(tree))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_voice_remediation_is_what_ios_needs(case: Case) -> None:
    running, golden = case.texts()
    result = diff_configs(running, golden)
    assert result.remediation == case.remediation.strip("\n").splitlines()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_voice_remediation_applied_in_the_lab_reaches_golden(case: Case) -> None:
    running, golden = case.texts()
    result = diff_configs(running, golden)
    after = lab(running, result.remediation)
    # the lab's own rendering of golden: the corpus text is not always as a device shows it
    assert diff_configs(after, lab(golden, [])).compliant
    assert diff_configs(lab(after, result.rollback), lab(running, [])).compliant


def test_a_dial_peer_type_change_rolls_back_to_the_old_type() -> None:
    (case,) = [c for c in CASES if "type cannot change" in c.name]
    running, golden = case.texts()
    rollback = diff_configs(running, golden).rollback
    assert rollback[:2] == ["no dial-peer voice 400 pots", "dial-peer voice 400 voip"]


def test_a_new_dspfarm_profile_is_enabled_after_its_lines() -> None:
    result = diff_configs("hostname vg\n", snippet("cisco_dscpfarm"))
    profile = result.remediation[result.remediation.index("dspfarm profile 111 transcode") :]
    assert profile[-1] == " no shutdown"
    assert " maximum sessions 168" in profile


def test_a_shut_dspfarm_profile_stays_shut() -> None:
    running = snippet("cisco_dscpfarm")
    golden = running.replace(" maximum sessions 168", " maximum sessions 84\n shutdown")
    assert diff_configs(running, golden).remediation == [
        "dspfarm profile 111 transcode",
        " shutdown",
        " maximum sessions 84",
    ]


VOICE_FEATURES = {
    "dial-peer voice 1 voip": "voice-dial-peers",
    "dial-control-mib max-size 1200": "voice-dial-peers",
    "voice translation-rule 1": "voice-translation",
    "voice translation-profile foobarbaz": "voice-translation",
    "voice class codec 1": "voice-classes",
    "voice class uri ab200 sip": "voice-classes",
    "voice class e164-pattern-map 1111": "voice-classes",
    "voice class server-group 171": "voice-classes",
    "voice class dpg 181": "voice-classes",
    "sip-ua": "sip",
    "voice service voip": "sip",
    "voice class sip-profiles 1": "voice-classes",
    "voice class tenant 10": "sip",
    "call-manager-fallback": "srst",
    "voice register global": "srst",
    "telephony-service": "srst",
    "dspfarm profile 111 transcode": "dspfarm",
    "sccp ccm group 1": "dspfarm",
    "voice-card 0/2": "dspfarm",
    "voice-port 0/0/0:23": "voice-ports",
    "stcapp supplementary-services": "voice-ports",
    "controller T1 0/2/0": "pri",
    "isdn switch-type primary-ni": "pri",
    "network-clock synchronization automatic": "pri",
    "voice call send-alert": "voice",
    "no voice hunt invalid-number": "voice",
    "application": "voice",
}


@pytest.mark.parametrize(("line", "feature"), VOICE_FEATURES.items())
def test_each_voice_section_has_its_feature(line: str, feature: str) -> None:
    assert default_features().feature_of(line) == feature


def test_no_line_of_the_voice_snippets_is_uncovered() -> None:
    for name in ("cisco_voice", "isr_voip", "cisco_sccp", "cisco_stcapp", "cisco_dscpfarm"):
        result = diff_configs("", snippet(name))
        assert [u for u in result.uncovered if not u.startswith("hostname")] == [], name


def test_every_voice_feature_raises_the_plans_voice_risk_flag() -> None:
    from citynet.changes.risk import VOICE_FEATURES as RISKY

    voice = {f for f in VOICE_FEATURES.values()}
    assert voice <= RISKY


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_engines_own_model_of_ios_agrees(case: Case) -> None:
    from citynet.diff.model import apply, canonical
    from citynet.diff.parse import parse

    running, golden = case.texts()
    result = diff_configs(running, golden)
    after = apply(parse(running), result.remediation)
    assert canonical(after) == canonical(parse(golden))
    assert canonical(apply(after, result.rollback)) == canonical(parse(running))
