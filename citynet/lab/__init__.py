"""The lab: simulated Cisco IOS / IOS-XE devices over SSH."""
