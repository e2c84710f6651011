"""Importing this compiles the figure rules' alternations: the pool's fork server preloads it, so
every worker forked from it starts with them compiled instead of compiling them itself."""

from pipeline.extraction.figures import combined_rules

combined_rules()
