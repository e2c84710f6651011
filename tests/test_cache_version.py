"""The extraction cache is keyed by every piece of code that shapes an entry, not only the rules."""

from __future__ import annotations

import shutil
from pathlib import Path

import pipeline.batches
import pipeline.cache
import pipeline.corpus
from pipeline.cache import CACHE_VERSION, ENTRY_SHAPING_FILES, code_hash
from pipeline.extraction import EXTRACTOR_VERSION
from pipeline.formats import FORMATS_VERSION


def test_the_cache_version_covers_rules_converters_rows_and_document_metadata() -> None:
    shaping = {Path(m.__file__) for m in (pipeline.cache, pipeline.batches, pipeline.corpus) if m.__file__}
    assert shaping <= set(ENTRY_SHAPING_FILES)
    assert f"{EXTRACTOR_VERSION}-{FORMATS_VERSION}-{code_hash(ENTRY_SHAPING_FILES)}" == CACHE_VERSION


def test_an_edit_to_a_shaping_file_changes_the_version(tmp_path: Path) -> None:
    copies = [Path(shutil.copy(path, tmp_path / path.name)) for path in ENTRY_SHAPING_FILES]
    before = code_hash(copies)
    assert before == code_hash(ENTRY_SHAPING_FILES)
    copies[-1].write_text(copies[-1].read_text(encoding="utf-8").replace("def word_count", "def word_count "),
                          encoding="utf-8")
    assert code_hash(copies) != before
