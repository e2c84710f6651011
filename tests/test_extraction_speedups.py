"""The shortcuts that make extraction fast give the answers of the plain code they replace.

Each test keeps the plain version (the one the shortcut replaced) and compares on sentences
written for the purpose, so a shortcut that drifts from what it stands for fails here.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extraction import countries, figures, subjects
from pipeline.extraction.context import _CLAUSE_BREAK, Clauses
from pipeline.extraction.countries import HOME, mentions, phrase_mentions
from pipeline.extraction.coverage import NUMBER_TOKEN, number_tokens
from pipeline.extraction.dates import _MASKS, _url_matches
from pipeline.extraction.indicators import INDICATORS, indicator_of, normal_subject
from pipeline.extraction.rules import FIGURE_RULES, starts
from pipeline.extraction.structure import Sentences

CLAUSE_TEXTS = [
    "Two-way trade reached $12 billion in 2022; exports rose to $7 billion, while imports fell to $5 billion.",
    "The program trained 400 officers – 120 of them women – between 2015 - 2019 across the region.",
    "Exports grew 6 percent —3 points above 2021— and imports grew 2 percent, but the deficit widened.",
    "The embassy issued 12,500 visas — 5,000 more than in 2021, which was a record year.",
    "Aid totaled $45 million -3 percent lower, although 14 new projects began, as 2 closed.",
    "A 2,000-mile border; 47 ports of entry; 300,000 people crossing each day – most by car.",
]


def _windowed_clause(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The plain clause finder: two bounded regex scans around each figure."""
    low, high = sentence
    for m in _CLAUSE_BREAK.finditer(text, max(low, start - 300), start):
        low = m.end()
    found = _CLAUSE_BREAK.search(text, end, min(high, end + 300))
    if found:
        high = found.start()
    return low, high


@pytest.mark.parametrize("text", CLAUSE_TEXTS)
def test_clauses_found_in_one_scan_match_the_windowed_search_at_every_number(text: str) -> None:
    clauses, sentences = Clauses(text), Sentences(text)
    numbers = list(re.finditer(r"[$]?\d[\d,.]*\d|\d", text))
    assert numbers
    for m in numbers:
        sentence = sentences.around(m.start())
        assert clauses.around(sentence, m.start(), m.end()) == _windowed_clause(text, sentence, m.start(), m.end()), \
            m.group(0)


def test_a_spaced_dash_right_before_a_figure_ends_the_clause_before_it() -> None:
    text = "Imports fell sharply – 40 percent in a year."
    start = text.index("40")
    low, _ = Clauses(text).around((0, len(text)), start, start + 2)
    assert low == start  # the dash belongs to no clause of the figure: "Imports fell sharply" is cut off


MENTION_TEXTS = [
    "U.S. goods trade with the Republic of Korea and South Sudan rose, while The Gambia's exports fell.",
    "The Minister of Foreign Affairs of the State of Palestine met Mexican and Canadian officials.",
    "Trinidad and Tobago, Bosnia and Herzegovina and New Mexico signed; Georgia's ports handled 12 ships.",
    "Officials From The Office Of The Trade Representative Visited Kenya And Viet Nam In March.",
    "No country is named in this sentence About Trade And Investment Programs.",
]


def _mentions_by_runs(text: str) -> list[countries.Mention]:
    """The plain reading: every word of every capitalised run tried as a name's first word."""
    table, firsts, found = countries._table(), countries._first_words(), []
    for run in countries._CAPITALISED_RUN.finditer(text):
        words = list(countries._WORD.finditer(text, run.start(), run.end()))
        i = 0
        while i < len(words):
            mention = None
            if countries._first_form(words[i].group(0)) in firsts:
                most = min(countries._LONGEST_NAME, len(words) - i)
                mention = countries._longest_name(text, words[i:], most, table)
            if mention is None:
                i += 1
                continue
            found.append(mention)
            i += sum(1 for w in words[i:] if w.start() < mention.end)
    return found


@pytest.mark.parametrize("text", [
    *MENTION_TEXTS,
    "Leaders Meet the State of Palestine delegation, and Officials of the State of Eritrea came.",
])
def test_country_mentions_from_first_word_hits_equal_reading_every_run(text: str) -> None:
    assert mentions(text) == _mentions_by_runs(text)


def test_country_mentions_are_found_with_the_prefilter() -> None:
    found = [(m.iso3, MENTION_TEXTS[0][m.start:m.end]) for m in mentions(MENTION_TEXTS[0])]
    assert ("KOR", "Republic of Korea") in found and ("SSD", "South Sudan") in found
    assert ("USA", "U.S.") in found and all(code != HOME or text == "U.S." for code, text in found)


def test_phrase_mentions_remember_each_phrase_and_give_what_mentions_gives() -> None:
    phrase_mentions.cache_clear()
    phrase = "U.S. goods exports to Peru"
    assert list(phrase_mentions(phrase)) == mentions(phrase)
    phrase_mentions(phrase)
    assert phrase_mentions.cache_info().hits == 1


def _indicator_without_prefilter(subject: str, kind: str, unit: str) -> str | None:
    normal = normal_subject(subject)
    for indicator in INDICATORS:
        if indicator.fits(kind, unit) and indicator.recognises(normal):
            return indicator.id
    return None


@pytest.mark.parametrize(("subject", "kind", "unit"), [
    ("U.S. goods exports to Peru", "money", "USD"),
    ("two-way goods and services trade with Chile", "money", "USD"),
    ("Chilean students in the United States", "count", "count"),
    ("land ports of entry on the border", "count", "count"),
    ("people crossing the border", "count", "count/day"),
    ("shared border with Canada", "measure", "mile"),
    ("the growth of U.S. goods exports", "money", "USD"),
    ("wheat shipments", "measure", "ton"),
    ("Peru's population", "count", "count"),
    ("Peru's population", "percent", "percent"),
])
def test_indicators_found_through_the_one_alternation_per_kind_are_the_ones_the_loop_finds(
        subject: str, kind: str, unit: str) -> None:
    assert indicator_of(subject, kind, unit) == _indicator_without_prefilter(subject, kind, unit)


def test_long_names_are_read_whole_though_short_first_words_are_looked_up_alone() -> None:
    text = ("Grants went to Bosnia and Herzegovina, the United Republic of Tanzania, "
            "Guinea-Bissau and the U.S. Virgin Islands’ schools, and to the Republic of Korea’s partners.")
    found = {text[m.start:m.end]: m.iso3 for m in mentions(text)}
    assert found["Bosnia and Herzegovina"] == "BIH"
    assert found["Republic of Korea’s"] == "KOR"  # the possessive is read off, the span keeps it
    assert found["United Republic of Tanzania"] == "TZA"
    assert found["Guinea-Bissau"] == "GNB"


CHANGE_TEXTS = [
    "Exports to Chile rose 6 percent, and imports fell by $2 billion while services grew.",
    "Ambrose outgrew the Upland office; Sales ROSE sharply and then Declined by 4 percent.",
    "İstanbul shipments increased by 12 percent, up from 9 percent in 2022.",
]


def _last_change_word_plain(text: str, start: int, end: int) -> tuple[int, int] | None:
    found = None
    for found in subjects._CHANGE_WORD.finditer(text, start, end):  # noqa: B007 - the last one
        continue
    return found.span() if found else None


@pytest.mark.parametrize("text", CHANGE_TEXTS)
def test_the_last_change_word_found_on_a_lower_cased_window_is_the_one_the_plain_search_finds(text: str) -> None:
    for end in range(1, len(text) + 1, 3):
        for start in (0, max(0, end - 40), max(0, end - 7)):
            found = subjects._last_change_word(text, start, end)
            assert (found.span() if found else None) == _last_change_word_plain(text, start, end), (start, end)


TOKEN_TEXTS = [
    "Two-way trade reached $1,234.5 million in 2023, up 6.2% from 2022; 47 ports and 12,34,567 rupees.",
    "Twenty-one students, a hundred volunteers, one third of farms, half a million people, a dozen eggs.",
    "Nought point five, zero point three, G20 members, 1.2.3 versions, 3½ miles, 2½ years and ½ share.",
    "Forty thousand five hundred and twelve visitors; ONE in FIVE; an estimated ninety-nine; twentyone.",
    "Codes A1, 12AB34, 40\u00a0000 tonnes, 1\u202f234 km, ١٢٣ and ３ digits; 1,2 and 3.4.5; 7,000,000,000.",
    "The other one, an apple, a quarter of them, quarters, thirds, a tenth, onerous tones, often, seventy.",
    "Exports,12 imports.7 and 8, then 9.5e6 and 6.23x10^-4 units; 1/4 mile; 24/7 service; 5-7 days.",
]


@pytest.mark.parametrize("text", TOKEN_TEXTS)
def test_number_tokens_found_from_cheap_starts_are_the_ones_the_token_pattern_finds(text: str) -> None:
    assert number_tokens(text) == [m.span() for m in NUMBER_TOKEN.finditer(text)]


@given(st.lists(st.sampled_from([*"0123456789 ,.-½١a", "one", "Two", "hundred", "a ", "half", "thirty",
                                 "\u00a0", "\n", "e6", "and "]), max_size=40).map("".join))
def test_number_tokens_equal_the_token_pattern_on_any_mix_of_digits_and_words(text: str) -> None:
    assert number_tokens(text) == [m.span() for m in NUMBER_TOKEN.finditer(text)]


#: Sentences where a run's later rule could match after one reading of the shared head and an
#: earlier rule after another, besides every rule's own examples and counter-examples.
RUN_TEXTS = [
    "from 50 to 80% of the heat, between 5 and 7 million dollars, from 3 to 4 cents a litre.",
    "a 12-month program, 8- to 16-meter boats, three- and five-year terms, 2 to 3 years of work.",
    "5 million percent, 4.5 bn euros, 300 pence, 12 km to 15 km, 7 feet 6 inches, 20 mg to 40 mg.",
    "between 5 and 10 percent, from 2 to 3 km, 10 M€, 3 dozen eggs, seven of the next ten months.",
]


def _plain_first_rule(text: str, start: int, what: str) -> tuple[str, int, object] | None:
    """Each rule's own pattern in priority order: the first that matches (not empty) wins."""
    for rule in figures.RULES_STARTING_WITH[what]:
        m = rule.pattern.match(text, start)
        if m is not None and m.end() > start:
            return rule.name, m.end(), figures._read(rule, m)
    return None


def _texts_of_the_rules() -> list[str]:
    found = list(RUN_TEXTS)
    for rule in FIGURE_RULES:
        found += [e.sentence for e in rule.examples] + list(rule.counter_examples)
    return found


def test_rules_sharing_a_head_in_one_branch_find_what_each_rule_on_its_own_finds() -> None:
    compared = 0
    for text in _texts_of_the_rules():
        for start, what in starts(text):
            fast = figures._first_rule(text, start, what)
            got = None if fast is None else (fast[0].name, fast[2], figures._read(fast[0], fast[1]))
            assert got == _plain_first_rule(text, start, what), (text, start)
            compared += 1
    assert compared > 250
    assert {run.name for c in figures.combined_rules().values() for run in c.runs.values()} >= {
        "money_currency_word__run", "measure__run"}


URL_TEXTS = [
    "See https://www.state.gov/u-s-relations-with-peru/ and www.trade.gov/peru (2024), or http://x.org.",
    "Links:https://a.gov/www.b.com/page?x=1,www.c.org/https://d.net\tend www.e.com.",
    "no links at all here, only 3 www and http words",
]


@pytest.mark.parametrize("text", URL_TEXTS)
def test_url_branches_apart_find_what_the_url_alternation_finds(text: str) -> None:
    assert [m.span() for m in _url_matches(text)] == [m.span() for m in dict(_MASKS)["url"].finditer(text)]


@given(st.lists(st.sampled_from(["https://", "http://", "www.", "a", ".gov", "/", " ", "(", "\n", "w", "x.org"]),
                max_size=30).map("".join))
def test_url_branches_apart_agree_with_the_alternation_on_any_mix(text: str) -> None:
    assert [m.span() for m in _url_matches(text)] == [m.span() for m in dict(_MASKS)["url"].finditer(text)]
