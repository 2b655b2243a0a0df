"""Device access: the one home for how citynet reaches a device, and how that can fail.

One idea per module:

- ``credentials``: who citynet logs in as (the environment, or a prompt);
- ``targets``: the loopback-only guard, checked before anything is sent;
- ``hostkeys``: the project's known_hosts, parsed once, and the host-key policy;
- ``connection``: the Nornir connection plugin ``citynet_netmiko``;
- ``options``: timeouts and retries, and :func:`~citynet.device.options.prepare`,
  which gives every host its netmiko and NAPALM arguments;
- ``fleet``: a Nornir object over the selected hosts;
- ``errors``: the typed connection errors (which of them are worth a retry);
- ``classify``: an exception from netmiko or paramiko -> one of those errors, by type;
- ``fake``: a connection plugin serving scripted answers, for tests without sockets.

Importing this package imports no device library; the modules that need
netmiko, NAPALM, Nornir or paramiko import them where they are used.
"""
