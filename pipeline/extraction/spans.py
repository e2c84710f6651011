"""A sorted set of spans with O(log n) overlap tests."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


class SpanIndex:
    """Spans (start, end), merged where they touch, for fast "does this overlap any?" tests."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        self.spans = merged
        self.starts = [s for s, _ in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.spans[i][1] > start


def leftmost_first(items: Iterable[T], span: Callable[[T], tuple[int, int]]) -> list[T]:
    """The items, left to right, each kept only if it overlaps none kept before it; of two that
    start together the longer is kept. What one alternation's `finditer` keeps of its branches,
    and how overlapping dates are settled."""
    kept: list[T] = []
    end = -1
    for item in sorted(items, key=lambda i: (span(i)[0], -span(i)[1])):
        start, stop = span(item)
        if start >= end:
            kept.append(item)
            end = stop
    return kept
