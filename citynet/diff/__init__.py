"""Configuration trees, semantic comparison, compliance, remediation and rollback."""
