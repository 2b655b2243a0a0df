"""``show`` commands of the lab, one module per family.

- ``registry``: every command the lab answers, full keywords -> handler.
- ``request``: what a handler is given (the device, arguments, terminal) and answers.
- ``model``: what the commands share (device facts, neighbours, interfaces, VLANs).
- ``version``, ``system``: the device itself.
- ``configs``: the running and startup configurations, the archive, ``flash:``.
- ``interfaces``, ``switching``, ``neighbours``, ``routing``, ``voice``: what the
  running configuration and topology imply.
"""
