"""Backups of running configurations: collection, redaction, versioned history."""
