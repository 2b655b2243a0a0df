"""Pushing approved configuration to devices: error detection, revert timers, replace and waves."""
