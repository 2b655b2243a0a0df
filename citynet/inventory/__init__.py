"""The source-of-truth inventory: YAML loading, schema, validation, queries."""
