"""What a rule reads from a match, and the groups it reads from (shared by rules and exclusions)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


class RuleGroups:
    """One rule's groups inside a match of several rules combined, under the rule's own names."""

    __slots__ = ("match", "prefix", "rule")

    def __init__(self, match: re.Match[str], rule: str) -> None:
        self.match, self.rule, self.prefix = match, rule, rule + "__"

    def group(self, name: str | int = 0, /) -> str | Any:
        return self.match.group(self.rule if name == 0 else self.prefix + str(name))


class SharedHeadGroups:
    """One rule's groups inside a match of consecutive rules that share their head (the number
    they start with, matched once for all of them): the head's groups under the run's names, the
    rest under the rule's own, and the whole match the run's group (the head and this rule's tail)."""

    __slots__ = ("head_names", "head_prefix", "match", "prefix", "run")

    def __init__(self, match: re.Match[str], rule: str, run: str, head_names: frozenset[str]) -> None:
        self.match, self.run, self.head_names = match, run, head_names
        self.prefix, self.head_prefix = rule + "__", run + "__"

    def group(self, name: str | int = 0, /) -> str | Any:
        if name == 0:
            return self.match.group(self.run)
        return self.match.group((self.head_prefix if name in self.head_names else self.prefix) + str(name))


#: What a reader reads: a rule's own match, or its groups inside a combined match.
Groups = re.Match[str] | RuleGroups | SharedHeadGroups


@dataclass(frozen=True)
class Reading:
    """What a rule read from its match."""

    kind: str
    value: float
    value_max: float | None
    unit: str

