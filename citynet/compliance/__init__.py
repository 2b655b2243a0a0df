"""The City's security baseline as compliance data.

``baseline.yaml`` holds the rules (id, title, rationale in the style of the CIS
Cisco IOS benchmarks, applicable roles and platforms, what a configuration must
and must not hold); ``rules`` validates and compiles them; ``engine`` checks one
configuration text, rendered or running; ``waivers`` reads the per-rule waivers
of ``inventory/baseline_waivers.yaml``, each with a reason.
"""
