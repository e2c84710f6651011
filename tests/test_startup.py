"""What a process pays to start: the figure rules' alternations are compiled where they are used."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

_COUNT = "print(figures.combined_rules.cache_info().currsize)"
_SINGLE = "print(rules._compiled.cache_info().currsize)"


def test_importing_the_extraction_compiles_the_rules_only_when_warmed_or_used() -> None:
    code = (f"import pipeline.extraction.figures as figures; {_COUNT}; "
            f"import pipeline.tables; {_COUNT}; "  # the pipeline's own process, while workers extract
            f"import pipeline.extraction.warm; {_COUNT}; "  # the pool's fork server
            f"figures.combined_rules.cache_clear(); from pipeline.extraction import extract; "
            f"extract('Trade reached $5 billion.'); {_COUNT}")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "0", "1", "1"]


def test_no_rule_is_compiled_alone_until_its_own_pattern_is_asked_for() -> None:
    code = (f"import pipeline.extraction.rules as rules; from pipeline.extraction import extract; {_SINGLE}; "
            f"extract('Exports reached $5 billion through 40 ports.'); {_SINGLE}; "
            f"rules.FIGURE_RULES[0].pattern.match('$5'); {_SINGLE}")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "0", "1"]
