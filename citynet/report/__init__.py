"""Reports for people and pipelines: JUnit XML, Markdown, (later) HTML."""
