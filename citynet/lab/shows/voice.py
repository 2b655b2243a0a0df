"""Voice show commands: dial peers, the SIP user agent, voice ports and ISDN D-channels."""

from __future__ import annotations

import re

from citynet.lab.config_engine import ConfigNode
from citynet.lab.shows.request import ShowOutput, ShowRequest


def show_dial_peer_voice_summary(request: ShowRequest) -> str:
    """``show dial-peer voice summary`` from ``dial-peer voice`` sections."""
    root = request.root
    lines = [
        "dial-peer hunt 0",
        "             AD                                    PRE PASS                OUT",
        "TAG    TYPE  MIN  OPER PREFIX    DEST-PATTERN      FER THRU SESS-TARGET    STAT PORT"
        "    KEEPALIVE",
    ]
    for node in root.children:
        w = node.words
        if w[:2] != ["dial-peer", "voice"] or len(w) < 4:
            continue
        pattern = next(
            (
                c.words[1]
                for c in node.children
                if c.words[:1] == ["destination-pattern"] and len(c.words) > 1
            ),
            "",
        )
        target = next(
            (
                c.words[2]
                for c in node.children
                if c.words[:2] == ["session", "target"] and len(c.words) > 2
            ),
            "",
        )
        port = next(
            (c.words[1] for c in node.children if c.words[:1] == ["port"] and len(c.words) > 1), ""
        )
        shutdown = any(c.text == "shutdown" for c in node.children)
        admin = "down" if shutdown else "up"
        faulted = request.device.faults.voice_item_down(f"dial-peer {w[2]}")
        if not faulted and port and w[3] == "pots":
            faulted = _port_down(request, port)
        oper = "down" if shutdown or faulted else "up"
        keepalive = ""
        if any(c.words[:3] == ["voice-class", "sip", "options-keepalive"] for c in node.children):
            keepalive = "busyout" if oper == "down" else "active"
        status = ("down" if faulted else "up") if port else ""
        lines.append(
            f"{w[2]:<7}{w[3]:<6}{admin:<5}{oper:<5}{'':<10}{pattern + ' ':<18}0   "
            f"{'syst' if w[3] == 'voip' else '':<5}{target:<14} {status:<5}{port + ' ':<8}"
            f"{keepalive}"
        )
    return "\n".join(lines)


def show_sip_ua_status(request: ShowRequest) -> str:
    """``show sip-ua status``."""
    root = request.root
    enabled = any(n.words[:1] == ["sip-ua"] for n in root.children) or any(
        n.words[:2] == ["voice", "service"] for n in root.children
    )
    state = "ENABLED" if enabled else "DISABLED"
    return "\n".join(
        [
            "SIP User Agent Status",
            f"SIP User Agent for UDP : {state}",
            f"SIP User Agent for TCP : {state}",
            f"SIP User Agent for TLS over TCP : {state}",
            "SIP User Agent bind status(signaling): DISABLED",
            "SIP User Agent bind status(media): DISABLED",
            "SIP early-media for 180 responses with SDP: ENABLED",
            "SIP max-forwards : 70",
            "SIP DNS SRV version: 2 (rfc 2782)",
            "NAT Settings for the SIP-UA",
            "Role in SDP: NONE",
            "Check media source packets: DISABLED",
            "Maximum duration for a telephone-event in NOTIFYs: 2000 ms",
            "SIP support for ISDN SUSPEND/RESUME: ENABLED",
            "Redirection (3xx) message handling: ENABLED",
            "Reason Header will override Response/Request Codes: DISABLED",
            "Out-of-dialog Refer: DISABLED",
            "Presence support is DISABLED",
            "protocol mode is ipv4",
        ]
    )


def show_voice_port_summary(request: ShowRequest) -> str:
    """``show voice port summary`` from ``voice-port`` sections."""
    root = request.root
    lines = [
        "                                           IN       OUT",
        "PORT            CH   SIG-TYPE   ADMIN OPER STATUS   STATUS   EC",
        "=============== == ============ ===== ==== ======== ======== ==",
    ]
    for node in root.children:
        if node.words[:1] != ["voice-port"] or len(node.words) < 2:
            continue
        port = node.words[1]
        texts = [c.text for c in node.children]
        admin = "down" if "shutdown" in texts else "up"
        down = admin == "down" or _port_down(request, port)
        if ":" in port:  # one line per B-channel of the PRI: 23 on a T1, 30 on an E1
            oper = "down" if down else "dorm"
            for channel in range(1, 24 if port.endswith(":23") else 31):
                lines.append(
                    f"{port:<16}{channel:02d} {'isdn-voice':<13}{admin:<6}{oper:<5}"
                    f"{'none':<9}{'none':<9}y"
                )
            continue
        fxo = any(t.startswith("connection plar opx") or "FXO" in t for t in texts)
        sig = "fxo-ls" if fxo else "fxs-ls"
        status_in, status_out = ("idle", "on-hook") if fxo else ("on-hook", "idle")
        oper = "down" if down else "up"
        lines.append(
            f"{port:<16}{'--':<3}{sig:<13}{admin:<6}{oper:<5}{status_in:<9}{status_out:<9}y"
        )
    return "\n".join(lines)


def show_isdn_status(request: ShowRequest) -> str:
    """``show isdn status``: every PRI D-channel."""
    return _isdn_status(request)


def show_isdn_status_serial(request: ShowRequest) -> ShowOutput:
    """``show isdn status serial X``: one D-channel (``X`` as in ``0/1/0:23``)."""
    if len(request.args) > 1:
        return request.invalid(1)
    return _isdn_status(request, "Serial" + request.args[0].lstrip("SsEeRrIiAaLl"))


def _isdn_status(request: ShowRequest, only: str | None = None) -> str:
    """The ``show isdn status`` text of the D-channels, or only of D-channel ``only``.

    Layer 1 is deactivated when the T1/E1 controller is shut or the D-channel is taken
    down by the ``voice_down`` fault; layer 2 is established only over an active layer 1
    on a D-channel that is not shut.
    """
    root = request.root
    switch = next(
        (n.words[2] for n in root.children if n.words[:2] == ["isdn", "switch-type"]),
        "primary-net5",
    )
    lines = [f"Global ISDN Switchtype = {switch}"]
    dsl = 0
    for node in root.children:
        words = node.words
        # D-channels: timeslot 16 of an E1 PRI (":15") or timeslot 24 of a T1 PRI (":23")
        if words[:1] != ["interface"] or not re.fullmatch(r"Serial[\d/]+:(15|23)", words[-1]):
            continue
        if only is not None and words[1] != only:
            dsl += 1
            continue
        mask = "0x807FFFFF" if words[1].endswith(":23") else "0xFFFF7FFF"
        own = next(
            (c.words[2] for c in node.children if c.words[:2] == ["isdn", "switch-type"]), switch
        )
        controller = words[1].removeprefix("Serial").split(":")[0]
        layer1 = not (
            request.device.faults.voice_item_down(words[1]) or _controller_shut(root, controller)
        )
        layer2 = layer1 and not any(c.text == "shutdown" for c in node.children)
        lines += [
            f"ISDN {words[1]} interface",
            f"        dsl {dsl}, interface ISDN Switchtype = {own}",
            "    Layer 1 Status:",
            "        ACTIVE" if layer1 else "        DEACTIVATED",
            "    Layer 2 Status:",
            "        TEI = 0, Ces = 1, SAPI = 0, State = "
            + ("MULTIPLE_FRAME_ESTABLISHED" if layer2 else "TEI_ASSIGNED"),
            "    Layer 3 Status:",
            "        0 Active Layer 3 Call(s)",
            f"    Active dsl {dsl} CCBs = 0",
            f"    The Free Channel Mask:  {mask}",
            f"    Number of L2 Discards = 0, L2 Session ID = {dsl + 1}",
        ]
        dsl += 1
    lines.append("    Total Allocated ISDN CCBs = 0")
    return "\n".join(lines)


def _controller_shut(root: ConfigNode, slot: str) -> bool:
    """Whether the T1/E1 controller in ``slot`` (``0/2/0``) is shut."""
    return any(
        n.words[:1] == ["controller"]
        and n.words[-1] == slot
        and any(c.text == "shutdown" for c in n.children)
        for n in root.children
    )


def _port_down(request: ShowRequest, port: str) -> bool:
    """Whether voice port ``port`` is down: faulted, or its PRI's controller is shut."""
    if request.device.faults.voice_item_down(f"voice-port {port}"):
        return True
    if ":" in port:
        return _controller_shut(request.root, port.split(":")[0]) or (
            request.device.faults.voice_item_down(f"Serial{port}")
        )
    return False


def _section(root: ConfigNode, *words: str) -> list[ConfigNode]:
    return [n for n in root.children if n.words[: len(words)] == list(words)]


def _value(node: ConfigNode, *words: str) -> str | None:
    """The word after ``words`` in a child line of ``node``."""
    for child in node.children:
        if child.words[: len(words)] == list(words) and len(child.words) > len(words):
            return child.words[len(words)]
    return None


def show_sip_ua_register_status(request: ShowRequest) -> str:
    """``show sip-ua register status``: the numbers the gateway registers with its registrar.

    With a ``registrar`` under ``sip-ua``, IOS registers the E.164 number of every POTS
    dial-peer whose destination pattern is a full number (no wildcard).
    """
    lines = [
        "Line                             peer       expires(sec) registered P-Associ-URI",
        "================================ ========== ============ ========== ============",
    ]
    sip_ua = _section(request.root, "sip-ua")
    registrar = next(
        (c.words for s in sip_ua for c in s.children if c.words[:1] == ["registrar"]), None
    )
    if registrar is None:
        return "\n".join(lines)
    expires = registrar[registrar.index("expires") + 1] if "expires" in registrar else "3600"
    for node in _section(request.root, "dial-peer", "voice"):
        if node.words[3:4] != ["pots"]:
            continue
        number = _value(node, "destination-pattern")
        if not number or not re.fullmatch(r"\+?\d+", number):
            continue
        down = request.device.faults.voice_item_down(f"sip-ua register {number}")
        registered = "no" if down or any(c.text == "shutdown" for c in node.children) else "yes"
        left = "-1" if registered == "no" else str(max(int(expires) - 7, 0))
        lines.append(f"{number:<33}{node.words[2]:<11}{left:<13}{registered:<11}")
    return "\n".join(lines)


def show_voice_dsp_group_all(request: ShowRequest) -> str:
    """``show voice dsp group all``: one DSP group per ``voice-card`` slot."""
    blocks = []
    for node in _section(request.root, "voice-card"):
        slot = node.words[1] if len(node.words) > 1 else "0"
        slot_id = slot.rsplit("/", 1)[-1]
        farm = any(c.text == "dsp services dspfarm" for c in node.children)
        state = "DOWN" if request.device.faults.voice_item_down(f"dsp {slot}") else "UP"
        signalling = 0 if farm else 8
        blocks += [
            f"DSP groups on slot {slot} slot id {slot_id}",
            "dsp 1:",
            f"  State: {state}, firmware: 60.1.4",
            "  Max signal/voice channel: 32/32",
            "  Max credits: 480, Voice credits: 480, Video credits: 0",
            f"  num_of_sig_chnls_allocated: {signalling}",
            "  Transcoding channels allocated: 0",
            "  Group: FLEX_GROUP_VOICE, complexity: FLEX",
            "    Shared credits: 480, reserved credits: 0",
            f"    Signaling channels allocated: {signalling}",
            "    Voice channels allocated: 0",
            "    Credits used (rounded-up): 0",
            f"  Slot: {slot}",
            "  Device idx: 0",
            "  Dsp Type: DM8147",
            "",
            "",
        ]
    return "\n".join(blocks)


def show_ephone_registered(request: ShowRequest) -> str:
    """``show ephone registered``: SCCP phones with a MAC address in an ``ephone`` section.

    Under ``call-manager-fallback`` alone, phones register only while the call agents are
    unreachable, so a gateway in normal operation shows none.
    """
    lines = []
    for node in _section(request.root, "ephone"):
        mac = _value(node, "mac-address")
        if mac is None or len(node.words) < 2:
            continue
        state = (
            "UNREGISTERED"
            if request.device.faults.voice_item_down(f"phone {mac}")
            else ("REGISTERED")
        )
        index = node.words[1]
        number = next(
            (
                dn.words[2]
                for dn in _section(request.root, "ephone-dn")
                if dn.words[1:2] == [(_value(node, "button") or "").split(":")[-1]]
                and len(dn.words) > 2
            ),
            "",
        )
        lines += [
            f"ephone-{index}[0] Mac:{mac.upper()} TCP socket:[1] activeLine:0 whisperLine:0 "
            f"{state} in SCCP ver 20/17 max_streams=5",
            "mediaActive:0 whisper_mediaActive:0 startMedia:0 offhook:0 ringing:0 reset:0 "
            "reset_sent:0 paging 0 debug:0 caps:9",
            f"IP:10.0.0.{int(index) % 250 + 2} * 8845  keepalive 9 max_line 6 available_line 6",
            f" dn {number or index}  number {number} CH1   IDLE",
            "",
        ]
    return "\n".join(lines)


def show_voice_register_pool_all_brief(request: ShowRequest) -> str:
    """``show voice register pool all brief``: SIP phones of ``voice register pool`` sections."""
    lines = [
        "Pool ID                     IP Address      Ln DN Number               State",
        "==== =============== =============== == === ==================== ============",
    ]
    numbers = {
        n.words[3]: _value(n, "number") or ""
        for n in _section(request.root, "voice", "register", "dn")
        if len(n.words) > 3
    }
    for node in _section(request.root, "voice", "register", "pool"):
        if len(node.words) < 4:
            continue
        mac = _value(node, "id", "mac")
        if mac is None:
            continue
        dn = next(
            (
                c.words[3]
                for c in node.children
                if c.words[:2] == ["number", "1"] and len(c.words) > 3
            ),
            "",
        )
        state = (
            "UNREGISTERED"
            if request.device.faults.voice_item_down(f"phone {mac}")
            else ("REGISTERED")
        )
        pool = node.words[3]
        address = "0.0.0.0" if state != "REGISTERED" else f"10.0.0.{int(pool) % 250 + 2}"
        lines.append(
            f"{pool:<5}{mac.upper():<16} {address:<16}1  {dn or '-':<4}"
            f"{(numbers.get(dn, '') + '$') if dn else '':<21}{state}"
        )
    return "\n".join(lines)
