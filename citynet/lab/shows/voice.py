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
        lines.append(
            f"{w[2]:<7}{w[3]:<6}{admin:<5}{admin:<5}{'':<10}{pattern:<18}0   syst "
            f"{target:<14} {'up' if port or target else '':<5}{port}"
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
        if ":" in port:  # one line per B-channel of the PRI: 23 on a T1, 30 on an E1
            oper = "dorm" if admin == "up" else "down"
            for channel in range(1, 24 if port.endswith(":23") else 31):
                lines.append(
                    f"{port:<16}{channel:02d} {'isdn-voice':<13}{admin:<6}{oper:<5}"
                    f"{'none':<9}{'none':<9}y"
                )
            continue
        fxo = any(t.startswith("connection plar opx") or "FXO" in t for t in texts)
        sig = "fxo-ls" if fxo else "fxs-ls"
        status_in, status_out = ("idle", "on-hook") if fxo else ("on-hook", "idle")
        lines.append(
            f"{port:<16}{'--':<3}{sig:<13}{admin:<6}{admin:<5}{status_in:<9}{status_out:<9}y"
        )
    return "\n".join(lines)


def show_isdn_status(request: ShowRequest) -> str:
    """``show isdn status``: every PRI D-channel."""
    return _isdn_status(request.root)


def show_isdn_status_serial(request: ShowRequest) -> ShowOutput:
    """``show isdn status serial X``: one D-channel (``X`` as in ``0/1/0:23``)."""
    if len(request.args) > 1:
        return request.invalid(1)
    return _isdn_status(request.root, "Serial" + request.args[0].lstrip("SsEeRrIiAaLl"))


def _isdn_status(root: ConfigNode, only: str | None = None) -> str:
    """The ``show isdn status`` text of the D-channels, or only of D-channel ``only``."""
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
        lines += [
            f"ISDN {words[1]} interface",
            f"        dsl {dsl}, interface ISDN Switchtype = {own}",
            "    Layer 1 Status:",
            "        ACTIVE",
            "    Layer 2 Status:",
            "        TEI = 0, Ces = 1, SAPI = 0, State = MULTIPLE_FRAME_ESTABLISHED",
            "    Layer 3 Status:",
            "        0 Active Layer 3 Call(s)",
            f"    Active dsl {dsl} CCBs = 0",
            f"    The Free Channel Mask:  {mask}",
            f"    Number of L2 Discards = 0, L2 Session ID = {dsl + 1}",
        ]
        dsl += 1
    lines.append("    Total Allocated ISDN CCBs = 0")
    return "\n".join(lines)
