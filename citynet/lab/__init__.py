"""The lab: simulated Cisco IOS / IOS-XE devices over SSH.

One process serves many devices, each on its own loopback address, with IOS
behaviour that netmiko, NAPALM (including SCP and the configuration archive)
and scrapli cannot tell from a real device.

Modules, one idea each:

- ``grammar``: what the parser knows (global words, sub-modes, command keys).
- ``config_engine``: configuration tree, IOS configuration-mode semantics, rendering.
- ``keywords``: keyword trees; ``cli_parser``: exec-mode keywords, abbreviations,
  parser errors, output pipes.
- ``session``: one interactive shell (echo, prompts, paging, exec commands).
- ``shows``: the ``show`` commands, one module per family, and ``shows.registry``,
  the table of every command the lab answers (any other answers ``% Invalid input``).
- ``archive``: archive files, contextual/incremental diffs, rollback timer.
- ``filesystem``: ``flash:``; ``urls``: what a URL names on a device;
  ``scp``: the receiving side of ``scp -t``.
- ``device``: one device's state; ``server``: asyncssh listeners and :class:`Lab`.
- ``faults``: injectable faults; ``outofband``: seeded out-of-band changes.
- ``keys``: host keys and known_hosts; ``specs``: inventory hosts to devices.
- ``control`` / ``daemon``: the background lab behind ``citynet lab up|down|status|fault``.

In-process use (tests)::

    from citynet.lab.device import LabDevice, LabLogin
    from citynet.lab.server import Lab

    lab = Lab([LabDevice("sw1", "127.77.0.1", 0, config_text,
                         credentials=LabLogin("admin", "pw", "enable"))])
    lab.start()                                 # port 0 = pick a free port
    lab.register_host_keys(known_hosts_path)
    lab.set_fault("sw1", delay=0.2)
    ...
    lab.stop()
"""
