"""Everything citynet knows about IOS and IOS-XE configuration text, in one place.

* ``secrets`` - the one secret table: where each kind of secret sits, how it is
  masked, how it is compared; used by redaction, the diff engine and the inventory guard;
* ``noise`` - lines a device adds that are not configuration, and lines it owns;
* ``rules`` - IOS semantics as data: modes, keyed commands, ordered sections, tiers;
* ``names`` - interface names and VLAN lists (netutils where it has the function);
* ``redact`` - secrets and noise out of any configuration text;
* ``driver`` - a platform's driver, looked up by name.
"""
