"""The ``citynet`` command line: argument parsing, output and exit codes."""
