"""Dagster assets, one module per stage: ingest -> extract -> publish. Each is thin: the
work is done by the library modules they call."""
