"""Synthetic corpora built from the texts in raw/, varied so that no two documents are equal.

Each document keeps a real heading and byline, then fills a target size (10-40 KB, about 25 KB
on average: a fact sheet) with paragraphs drawn from every raw text in a shuffled order, and
every number changed (amounts scaled, years shifted, small numbers redrawn). Contents differ
from document to document, so the extraction cache cannot serve one from another.
Generation is deterministic for a (size, seed): a corpus is built once and reused.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.extraction.vocabulary import FIRST_YEAR, LAST_YEAR

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
CORPORA = Path(__file__).resolve().parent / "corpora"

_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]\d)|(?<![\w.,])\d+(?:\.\d+)?(?![\w,]\d)")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
MIN_BYTES, MAX_BYTES = 10_000, 40_000


@dataclass(frozen=True)
class Source:
    """One raw text split into its header (heading and byline) and its body paragraphs."""

    header: list[str]
    paragraphs: list[str]


def load_sources(raw_dir: Path = RAW) -> list[Source]:
    sources = []
    for path in sorted(raw_dir.glob("*.txt")):
        parts = [p.strip() for p in _PARAGRAPH_BREAK.split(path.read_text(encoding="utf-8")) if p.strip()]
        if len(parts) >= 3:
            sources.append(Source(parts[:2], parts[2:]))
    if not sources:
        raise SystemExit(f"{raw_dir}: no raw text with at least three paragraphs to build a corpus from")
    return sources


def _vary_number(match: re.Match[str], rng: random.Random) -> str:
    token = match.group(0)
    grouped = "," in token
    plain = token.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    value = float(plain)
    if decimals == 0 and len(plain) == 4 and FIRST_YEAR <= value <= LAST_YEAR:
        return str(int(value) + rng.randint(-3, 3))  # a year stays a year
    if decimals == 0 and value <= 31:
        return str(rng.randint(1, 28))  # may be a day of the month: stays a valid one
    new = value * rng.uniform(0.5, 1.5)
    if decimals:
        return f"{new:,.{decimals}f}" if grouped else f"{new:.{decimals}f}"
    return f"{round(new):,}" if grouped else str(round(new))


def vary(text: str, rng: random.Random) -> str:
    """The text with every number changed."""
    return _NUMBER.sub(lambda m: _vary_number(m, rng), text)


def synthetic_document(sources: list[Source], rng: random.Random) -> str:
    """A heading and byline from one source, then shuffled paragraphs of all, numbers varied."""
    header = rng.choice(sources).header
    pool = [p for s in sources for p in s.paragraphs]
    target = rng.randint(MIN_BYTES, MAX_BYTES)
    parts = list(header)
    size = sum(len(p.encode()) + 2 for p in parts)
    while size < target:
        rng.shuffle(pool)
        for paragraph in pool:
            parts.append(paragraph)
            size += len(paragraph.encode()) + 2
            if size >= target:
                break
    return vary("\n\n".join(parts) + "\n", rng)


def build_corpus(size: int, seed: int = 0, root: Path = CORPORA, raw_dir: Path = RAW) -> Path:
    """bench/corpora/<size>-<seed>/ with `size` documents, built unless complete already."""
    target = root / f"{size}-{seed}"
    done = target / ".complete"
    if done.exists():
        return target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    sources = load_sources(raw_dir)
    rng = random.Random(f"{size}-{seed}")
    for i in range(size):
        (target / f"doc-{i:05d}.txt").write_text(synthetic_document(sources, rng), encoding="utf-8")
    done.write_text("")
    return target


def extra_document(seed: int, raw_dir: Path = RAW) -> str:
    """One more document, unlike any in a corpus (for the incremental run)."""
    return synthetic_document(load_sources(raw_dir), random.Random(f"extra-{seed}"))
