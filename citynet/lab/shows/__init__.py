"""``show`` commands of the lab, one module per family.

- ``model``: what the commands share (device facts, neighbours, interfaces, VLANs).
- ``version``, ``system``: the device itself.
- ``interfaces``, ``switching``, ``neighbours``, ``routing``, ``voice``: what its
  running configuration and topology imply.
"""
