"""Countries named in a text, as ISO 3166-1 alpha-3 codes, from maintained tables.

Names come from pycountry (ISO 3166-1 names, common and official names) and from the CLDR
English territory names that babel ships ("South Korea", "Russia", "Vietnam"); nothing is a
hand list. Adjectives of nationality ("Mexican", "Canadian", "Japanese") are derived from the
names by the regular English endings, and kept only where they point to one country.

The United States (and its states: "New Mexico", "Georgia") is the home country of every
document, never a partner: its names and adjectives are recognised so that they are not read
as anything else, and reported as USA.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import islice

import pycountry
from babel import Locale

from pipeline.extraction.numbers import trie

HOME = "USA"
#: How the documents name their own country besides its ISO names: recognised, never a partner.
_HOME_NAMES = ("U.S.", "US", "USA", "U.S.A.", "America", "American", "Americans", "United States")
#: Endings that turn a country name into its adjective ("Kenya" -> "Kenyan", "Mexico" -> "Mexican").
_ADJECTIVE_ENDINGS = (("", "n"), ("", "ian"), ("", "ese"), ("o", "an"), ("a", "ian"), ("a", "ese"),
                      ("y", "ian"), ("y", ""), ("e", "ian"), ("ia", "ian"), ("", "i"), ("a", "an"))


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    iso3: str


def _names() -> dict[str, set[str]]:
    """Every English name of every country -> the alpha-3 codes it may mean."""
    names: dict[str, set[str]] = {}

    def add(name: str | None, iso3: str) -> None:
        if name and len(name) > 3 and "," not in name and "(" not in name:
            names.setdefault(name, set()).add(iso3)

    territories = Locale("en").territories
    for country in pycountry.countries:
        iso3 = country.alpha_3
        for attribute in ("name", "common_name", "official_name"):
            add(getattr(country, attribute, None), iso3)
        add(territories.get(country.alpha_2), iso3)
        if "," in country.name:  # "Korea, Republic of" -> "Republic of Korea"
            head, _, tail = country.name.partition(", ")
            add(f"{tail} {head}".strip(), iso3)
    return names


def _adjectives(names: dict[str, set[str]]) -> dict[str, set[str]]:
    """Nationality adjectives derived from one-word names by the regular endings."""
    derived: dict[str, set[str]] = {}
    for name, codes in names.items():
        if "-" in name or len(name.split()) > 2:
            continue
        for drop, add in _ADJECTIVE_ENDINGS:
            if drop and not name.endswith(drop):
                continue
            stem = name[: len(name) - len(drop)] if drop else name
            adjective = stem + add
            if adjective != name and len(adjective) > 4:
                derived.setdefault(adjective, set()).update(codes)
                if adjective.endswith("n"):  # the people: "Mexicans", "Kenyans"
                    derived.setdefault(adjective + "s", set()).update(codes)
    return derived


@functools.cache
def _table() -> dict[str, str]:
    """Name or adjective -> alpha-3, for the names that point to one country only."""
    names = _names()
    table = {name: next(iter(codes)) for name, codes in names.items() if len(codes) == 1}
    for adjective, codes in _adjectives(names).items():
        if len(codes) == 1 and adjective not in names:
            table.setdefault(adjective, next(iter(codes)))
    for name in _HOME_NAMES:
        table[name] = HOME
    for state in pycountry.subdivisions.get(country_code="US") or []:
        table[state.name] = HOME  # "New Mexico", "Georgia": places in the United States
    return table


#: A run of capitalised words, possibly joined by "of", "and", "the" ("Republic of Korea",
#: "Trinidad and Tobago") or a hyphen ("U.S.-Mexico"): the only places a country name can be.
_CAPITALISED_RUN = re.compile(
    r"(?<![\w.])[A-Z][\w.’']*(?:(?:\s+(?:of|and|the|de|del|da)\s+|[\s-]+)[A-Z][\w.’']*)*"
)
_WORD = re.compile(r"[A-Za-z][\w.’']*")
_LONGEST_NAME = 6  # words


def _without_possessive(word: str) -> str:
    """"Korea’s" -> "Korea" (a string test: this runs for every capitalised word read)."""
    return word[:-2] if word.endswith(("’s", "'s")) else word


def _first_form(word: str) -> str:
    """A word as a name's first word is looked up: no possessive, no final point."""
    return word[:-2] if word.endswith(("’s", "'s")) else word[:-1] if word.endswith(".") else word


@functools.cache
def _first_words() -> frozenset[str]:
    return frozenset(_first_form(name.split()[0]) for name in _table())


@functools.cache
def _longest_from() -> dict[str, int]:
    """First word -> the most words (as `mentions` reads words) of a name that starts with it,
    so that "U.S." is looked up alone, not as the start of six-word names."""
    longest: dict[str, int] = {}
    for name in _table():
        words = _WORD.findall(name)
        if words:
            first = _first_form(words[0])
            longest[first] = max(longest.get(first, 0), len(words))
    return longest


@functools.cache
def _first_word_hit() -> re.Pattern[str]:
    """A capitalised first word of a name: a cheap scan (a plain trie, so `re` skips ahead to
    its first letters) that most capitalised runs never reach."""
    return re.compile(trie(sorted(w for w in _first_words() if w[:1].isupper())))


_WORD_OR_DOT = re.compile(r"[\w.]")


def _first_word_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets in text[start:end] where a name's capitalised first word starts a word."""
    hits: list[int] = []
    pattern = _first_word_hit()
    position = start
    while (m := pattern.search(text, position, end)) is not None:
        at = m.start()
        if at == 0 or not _WORD_OR_DOT.match(text, at - 1):
            hits.append(at)
        position = at + 1
    return hits


def _lookup(candidate: str, table: dict[str, str]) -> str | None:
    for form in (candidate, candidate.rstrip("."), _without_possessive(candidate)):
        found = table.get(form)
        if found:
            return found
    return None


#: "the" joining a capitalised word to the next inside a run ("… of the State of …" is no run,
#: "Meet the State" is): names may start with it.
_THE_JOINED_BEFORE = re.compile(r"(?<![\w.])[A-Z][\w.’']*\s+(?P<the>the)\s+$")


def _longest_name(text: str, words: list[re.Match[str]], most: int, table: dict[str, str]) -> Mention | None:
    """The longest name made of the first 1..most words, as a mention; None if none is one."""
    for n in range(most, 0, -1):
        first, last = words[0], words[n - 1]
        candidate = " ".join(text[first.start():last.end()].split())
        code = _lookup(candidate, table)
        if code is not None:
            stop = last.end() - (len(candidate) - len(candidate.rstrip(".")) if code != HOME else 0)
            return Mention(first.start(), stop, code)
    return None


def mentions(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Every country named in text[start:end], left to right (the United States as USA).

    Names are looked up in capitalised runs, longest first ("South Sudan" before "Sudan").
    """
    table = _table()
    firsts = _first_words()
    longest = _longest_from()
    found: list[Mention] = []
    stop_at = len(text) if end is None else end
    # Every name holds a capitalised first word (a lower-case one, "the", only before another
    # name's first word): runs without one are skipped unread.
    hits = _first_word_starts(text, start, stop_at)
    if not hits:
        return found
    consumed = start  # names never overlap: a hit inside the last name found is no start
    for hit in hits:
        if hit < consumed:
            continue
        run = _CAPITALISED_RUN.match(text, hit, stop_at)  # the rest of the run from this word on
        if run is None:
            continue
        joined = _THE_JOINED_BEFORE.search(text, max(consumed, hit - 40), hit) \
            if "the" in text[max(0, hit - 6):hit] else None
        froms = ([joined.start("the")] if joined else []) + [hit]  # "… the State of Palestine"
        for at in froms:
            words = list(islice(_WORD.finditer(text, at, run.end()), _LONGEST_NAME))
            if not words:
                continue
            first_word = _first_form(words[0].group(0))
            if first_word not in firsts:
                continue  # a word that only begins like a name ("Chadwick")
            mention = _longest_name(text, words, min(len(words), longest.get(first_word, _LONGEST_NAME)), table)
            if mention is not None:
                found.append(mention)
                consumed = mention.end
                break
    return found


@functools.lru_cache(maxsize=8192)
def phrase_mentions(phrase: str) -> tuple[Mention, ...]:
    """`mentions` of a short phrase (a subject), remembered: a figure's partner, indicator and
    trade check all read its subject's countries, and subjects repeat within a document.
    `extract` clears it for each document."""
    return tuple(mentions(phrase))


def partners_in(text: str) -> list[str]:
    """The distinct countries other than the United States named in a text, in order."""
    seen: list[str] = []
    for mention in mentions(text):
        if mention.iso3 != HOME and mention.iso3 not in seen:
            seen.append(mention.iso3)
    return seen


def partner_of_title(title: str | None) -> str | None:
    """The partner a title names ("U.S. Relations With Mexico" -> MEX); None if none or several."""
    if not title:
        return None
    found = partners_in(title)
    return found[0] if len(found) == 1 else None


#: Every code a partner may take: ISO 3166-1 alpha-3, the United States excepted.
PARTNER_CODES = sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 != HOME)


def is_partner_code(code: str) -> bool:
    """Whether `code` is an ISO 3166-1 alpha-3 code other than the United States'."""
    return code in _PARTNER_SET


_PARTNER_SET = frozenset(PARTNER_CODES)
