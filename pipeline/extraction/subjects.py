"""What a figure measures: the noun phrase of its clause that it quantifies (its subject).

Clause rules, no parser: the words of a fact sheet follow a few patterns, and each rule below
names one of them, with examples. The subject is built from the text's own words and, when it
is one stretch of the text, comes with its offsets (`start`/`end`).

- quantified noun:   "47 active land ports of entry"            -> active land ports of entry
                     "1.6 million U.S. citizens living in Mexico" -> U.S. citizens living in Mexico
- measure of:        "495 pounds of cocaine seized at the port"   -> cocaine seized at the port
- money in/for:      "$5 million in backpay and benefits"         -> backpay and benefits
- clause subject:    "U.S. goods trade with Canada totaled $782bn" -> U.S. goods trade with Canada
- object before of:  "an estimated street value of $190,477"       -> estimated street value
- apposition total:  "the largest stock of FDI in Mexico, with a total of $144.5bn"
                                                                    -> largest stock of FDI in Mexico
- label:             "GDP growth: 3.2%"                            -> GDP growth
- change:            "U.S. exports rose 6.2% (by $3bn)"           -> increase in U.S. exports
                     "Steam coal exports totaled 22.5 MMst, a 10% decline" -> decline in Steam coal exports
                     "X fell sharply from 42 TWh to 15 TWh" / "…, up from $4bn" -> X (a level, not a change)
- list item:         "top exports: machinery ($3.2 billion)"      -> top exports: machinery
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from pipeline.extraction.numbers import trie


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


@dataclass(frozen=True)
class Subject:
    """A subject phrase; `start`/`end` are set when it is one contiguous stretch of the text."""

    text: str
    start: int | None = None
    end: int | None = None


_TOKEN = re.compile(r"[$€£]?\d(?:[\d,.]*\d)?%?|[\w$’'&/-]+(?:\.[\w’'&/-]+)*\.?|[^\w\s]")
_INITIALS = re.compile(r"(?:[A-Za-z]\.){2,}")
_NUMERAL = re.compile(r"[$]?\d[\d,.]*%?")
_NUMBER_WORD = re.compile(
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|dozen)\b", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")

_AUXILIARIES = _listed(
    "is are was were be been being am has have had having will would can could may might shall should "
    "must do does did"
)
#: Endings of adjectives that come before a place name: "southern Mexico", "rural Kenya", "coastal Peru".
_PLACE_ADJECTIVE_ENDINGS = ("ern", "ral", "tal")
_MODALS = _listed("will would can could may might shall should must do does did")
#: Finite verbs that do not end in -ed (those that do are recognised by their ending).
_VERBS = _listed(
    "stood rose fell grew shows show holds hold remains remain represents represent includes include "
    "provides provide accounts reaches reach exceeds exceed makes make brings bring ran "
    "spent made sent won became become becomes saw topped totals amounts "
    "comprises comprise contains contain employs employ supports receives receive "
    "generates generate hosts welcomes crosses lives serves sits stands stays gives give gave took takes "
    "says said estimates indicate indicates means sets puts counts tallies equals constitutes constitute "
    "came went began drew drove knew wrote chose"
)
_PREPOSITIONS = _listed(
    "of in to from for with by at on into through throughout during across within among under over between "
    "toward towards onboard aboard along against via per about around near inside outside"
)
#: Prepositions that may join a post-modifier to a subject ("ports of entry", "exports to Mexico").
_JOINING = _PREPOSITIONS - {"per", "about", "around", "over", "against"}
_DETERMINERS = _listed("the a an this these that those its their our his her each every all some any")
_PRONOUNS = _listed("it they we he she this these those which who that there i you one")
_CLAUSE_WORDS = _listed(
    "and or but while whereas which who whom whose that because although though since when where "
    "if so than as after before until unless whether including compared plus"
)
#: Words that end a phrase when they follow it: times and rates, not what is measured.
_STOP_WORDS = _listed(
    "each per annually yearly monthly daily weekly respectively alone only also currently "
    "directly already now still then thus far ago today combined total"
)
#: Nouns that say how much, not of what: "a total of $144.5bn", "the number of visitors".
_GENERIC_HEADS = _listed(
    "total sum amount number figure level high low record average "
    "people persons individuals"
)
_QUALIFIER_WORDS = _listed(
    "approximately about around roughly some nearly almost over more than less fewer under up "
    "at least most close to just well as much many estimated an a the only"
)
_IRREGULAR_PARTICIPLES = _listed(
    "sworn seen held made given taken brought built paid sent spent won grown shown known born "
    "driven flown run kept left lost found caught sold bought taught fallen risen gone been hidden stolen written "
    "chosen"
)
#: Nouns ending in -ing, which end a subject as well as any noun ("in-country training", "U.S. funding").
_ING_NOUNS = _listed(
    "training funding financing housing building spending shipping processing manufacturing mining fishing "
    "farming banking lending trafficking smuggling planning screening engineering marketing clothing "
    "offering meeting hearing warning ranking opening accounting advertising learning teaching reporting "
    "testing monitoring licensing pricing policing boarding logging dumping printing publishing schooling "
    "shipbuilding peacekeeping wellbeing well-being understanding"
)
_MONTHS = _listed("January February March April May June July August September October November December")
_OPENERS = _listed("in as since by on over during throughout from according for")
_CLAUSE_BREAK = frozenset(",;:()[]—–!?\"“”")
_MAX_WORDS = 12
_LEADING_FILLER = _DETERMINERS | _QUALIFIER_WORDS | _PREPOSITIONS | {"and", "or"}
_TRAILING_FILLER = _PREPOSITIONS | _DETERMINERS | _CLAUSE_WORDS | _QUALIFIER_WORDS | _STOP_WORDS | {"s"}
_PREPOSITIONS_OR_DETERMINERS = _PREPOSITIONS | _DETERMINERS
_FUNCTION_WORDS = _PREPOSITIONS | _QUALIFIER_WORDS | _DETERMINERS | _STOP_WORDS
_NOT_A_SUBJECT = _PRONOUNS | _GENERIC_HEADS - {"people"}


def _words(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_TOKEN.finditer(text, start, end))


def _bare(token: str) -> str:
    """The token without a sentence-final period (but "U.S." keeps its own)."""
    if token.endswith(".") and not _INITIALS.fullmatch(token):
        return token[:-1]
    return token


# Per-token facts, memoised by the token's text: the same few thousand words recur in every
# document, and subjects are read for every figure (the hot path of extraction).
_WORD, _NUMBER, _YEAR_TOKEN, _CLOSED_VERB, _ED_VERB, _PARTICIPLE = 1, 2, 4, 8, 16, 32
_FACTS: dict[str, tuple[str, int]] = {}


def _facts(token: str) -> tuple[str, int]:
    """(key, flags) of a token: its lower-case form without a sentence-final period, and what it can be."""
    found = _FACTS.get(token)
    if found is not None:
        return found
    if not token:
        return ("", 0)
    key = _bare(token).lower()
    numeral = bool(_NUMERAL.fullmatch(token))
    flags = _NUMBER if numeral else 0
    if token and (token[0].isalpha() or token[0] in "$'’") and not numeral:
        flags |= _WORD
    if _YEAR.fullmatch(token):
        flags |= _YEAR_TOKEN
    if key in _AUXILIARIES or key in _VERBS:
        flags |= _CLOSED_VERB
    if key.endswith("ed") and len(key) > 4 and not token[0].isupper() and "-" not in key:
        flags |= _ED_VERB
    lower = token.lower()
    if token[0].islower() and "-" not in lower and lower not in _ING_NOUNS and (
            (len(lower) > 4 and (lower.endswith("ing") or lower.endswith("ed"))) or lower in _IRREGULAR_PARTICIPLES):
        flags |= _PARTICIPLE
    found = (key, flags)
    if len(_FACTS) < 50_000:
        _FACTS[token] = found
    return found


def _key(token: str) -> str:
    """The token as the word lists hold it: lower case, no sentence-final period."""
    return _facts(token)[0]


def _is_word(token: str) -> bool:
    return bool(token) and bool(_facts(token)[1] & _WORD)


def _is_verb(token: str, before: str | None) -> bool:
    """A finite verb (or auxiliary) in a clause: closed lists, or an -ed word after a noun."""
    flags = _facts(token)[1]
    if flags & _CLOSED_VERB:
        return True
    if flags & _ED_VERB:
        return before is not None and before.lower() not in _DETERMINERS and before.lower() not in _PREPOSITIONS
    return False


def _is_participle(token: str) -> bool:
    """A participle that opens a post-modifier: "living in", "seized at", "sworn in"."""
    return bool(token) and bool(_facts(token)[1] & _PARTICIPLE)


def _span(text: str, words: list[re.Match[str]]) -> Subject | None:
    """The words as a subject: one span of the text, trailing period dropped."""
    if not words:
        return None
    start, end = words[0].start(), words[-1].end()
    if words[-1].group(0).endswith(".") and not _INITIALS.fullmatch(words[-1].group(0)):
        end -= 1
    phrase = " ".join(text[start:end].split())
    if not phrase or not any(ch.isalpha() for ch in phrase):
        return None
    return Subject(phrase, start, end)


def _trim(words: list[re.Match[str]]) -> list[re.Match[str]]:
    """Drop determiners and qualifiers at the front, joining words at the back."""
    while words and (_key(words[0].group(0)) in _LEADING_FILLER
                     or words[0].group(0) in "•*·▪-–"):
        words = words[1:]
    while words and (_key(words[-1].group(0)) in _TRAILING_FILLER or _trailing_participle(words)):
        words = words[:-1]
    return words


def _trailing_participle(words: list[re.Match[str]]) -> bool:
    """A participle left at the end ("citizens living", "border containing"), not an -ing noun ("training")."""
    token = words[-1].group(0)
    return _is_participle(token) and _key(token) not in _ING_NOUNS


# --- after the figure ---------------------------------------------------------------------------

def _phrase_after(text: str, position: int, limit: int) -> list[re.Match[str]]:
    """The noun phrase that starts at `position` and its post-modifiers, up to a clause break.

    "U.S. citizens living in Mexico, ..." -> all four words; stops at a verb, a number,
    punctuation, a clause word or a rate word.
    """
    tokens = list(islice(_TOKEN.finditer(text, position, min(limit, position + 200)), 2 * _MAX_WORDS))
    out: list[re.Match[str]] = []
    head_done = False  # the first noun phrase is read; only post-modifiers may follow
    i = 0
    while i < len(tokens) and len(out) < _MAX_WORDS:
        token = tokens[i].group(0)
        lower = _key(token)
        if token == "," and out and not head_done and _listed_nouns(tokens, i + 1):
            i += 1  # "equipment, training, and capacity building": a list of nouns, not a clause break
            continue
        if token in _CLAUSE_BREAK or not _is_word(token):
            break
        if (lower in _STOP_WORDS or (lower in _CLAUSE_WORDS and lower not in ("and", "or", "who", "that"))) \
                and not (lower == "total" and _modifies_next(tokens, i)):
            break
        if lower in ("and", "or"):
            # "backpay and benefits", "farmers and young people": a second noun, not a clause
            nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
            if not out or not _is_word(nxt) or _is_verb(nxt, token) or _key(nxt) in _PREPOSITIONS \
                    or _key(nxt) in _CLAUSE_WORDS or len(out) >= 6:
                break
            out.append(tokens[i])
            i += 1
            continue
        if lower in ("who", "that"):
            nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
            if not out or not _is_word(nxt) or _key(nxt) in _AUXILIARIES:
                break
            out.append(tokens[i])
            head_done = True
            i += 1
            continue
        if _is_verb(token, out[-1].group(0) if out else None) and not (out and _is_participle(token)):
            break
        if lower in _PREPOSITIONS:
            if not out or lower not in _JOINING:
                break
            nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
            if not _is_word(nxt) or _YEAR.fullmatch(nxt) or _bare(nxt) in _MONTHS \
                    or (lower == "to" and _key(nxt) == "date"):
                break  # "… in April", "… to date": a time, not a post-modifier
            head_done = True
        elif out and _is_participle(token):
            head_done = True
        elif head_done and token[:1].isupper() and out and out[-1].group(0)[:1].islower() \
                and _key(out[-1].group(0)) not in _PREPOSITIONS_OR_DETERMINERS \
                and not _key(out[-1].group(0)).endswith(_PLACE_ADJECTIVE_ENDINGS):
            break  # "…in Peru Peace Corps": a capitalised word after a finished phrase starts another
        out.append(tokens[i])
        if token.endswith(".") and not _INITIALS.fullmatch(token):
            break
        i += 1
    ended = i >= len(tokens) or tokens[i].group(0) in ",;.)" or (out and out[-1].group(0).endswith("."))
    last = _key(out[-1].group(0)) if out else ""
    if ended and len(out) > 1 and _is_participle(_bare(out[-1].group(0))) and last.endswith("ed") \
            and last not in _LINKING:
        return _trim(out[:-1]) + out[-1:]  # "109,500 farmers trained, …": the participle ends a reduced relative
    return _trim(out)


def _modifies_next(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether the word at i modifies a noun after it ("total U.S. net coal exports"), not ends a phrase."""
    nxt = tokens[i + 1].group(0) if i + 1 < len(tokens) else ""
    return _is_word(nxt) and _key(nxt) not in _FUNCTION_WORDS and _key(nxt) not in _CLAUSE_WORDS \
        and not _is_verb(nxt, "x")


def _listed_nouns(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether the tokens from i go on a list of one-word nouns to its "and"/"or": "training, and capacity
    building" (but "border states, private sector representatives" lists other things)."""
    words = 0
    for j in range(i, min(len(tokens), i + 8)):
        token = tokens[j].group(0)
        lower = _key(token)
        if lower in ("and", "or"):
            nxt = tokens[j + 1].group(0) if j + 1 < len(tokens) else ""
            return _is_word(nxt) and _key(nxt) not in _DETERMINERS and not _NUMBER_WORD.match(nxt)
        if token == ",":
            words = 0
            continue
        words += 1
        if words > 1 or not _is_word(token) or lower in _CLAUSE_WORDS or lower in _PREPOSITIONS \
                or lower in _STOP_WORDS or _is_verb(token, "x") or lower in _DETERMINERS:
            return False
    return False


# --- before the figure --------------------------------------------------------------------------

_SCALE_WORDS = _listed("million billion trillion thousand hundred percent per cent bn mn m b k % times")
_CLAUSE_OPENERS = frozenset(("while", "but", "whereas", "which", "where", "when", "because", "although"))


def _clause_before(text: str, start: int, sentence_start: int) -> list[re.Match[str]]:
    """The words of the figure's clause before it (after the last comma, colon, dash or clause word).

    Another figure ends the clause too, unless only joining words stand between the two
    ("increased by $51.6 billion (35.7 percent)": both figures share the clause).
    """
    window_start = max(sentence_start, start - 200)
    # Read only from the last clause break when that settles it (the hot path): the walk below stops
    # at that break as soon as it has kept a word, and reads on past it only when it has kept none.
    cut = None
    for cut in _BREAK.finditer(text, window_start, start):  # noqa: B007 - the last one
        continue
    if cut is not None:
        segment_start = cut.start() + 1
        segment = text[segment_start:start]
        if ")" not in segment or "(" in segment:
            kept = _clause_words(text, _words(text, segment_start, start))
            if kept:
                return kept
    return _clause_words(text, _words(text, window_start, start))


#: A clause break (parentheses are read around, not broken at; "1,900" is one number).
_BREAK = re.compile(r"[;:—–!?\"“”]|(?<!\d),|,(?!\d)")


def _clause_words(text: str, tokens: list[re.Match[str]]) -> list[re.Match[str]]:
    """The walk of `_clause_before` back over the tokens before a figure."""
    kept: list[re.Match[str]] = []
    content = False  # a word that says something stands between the figure and this point
    skip_to = -1
    for i in range(len(tokens) - 1, -1, -1):
        token = tokens[i].group(0)
        lower = _key(token)
        if i > skip_to >= 0:
            continue
        if token == ")":
            # an aside in parentheses is read around: "(FDI)", "(the year before NAFTA)"
            opening = next((j for j in range(i - 1, max(-1, i - 16), -1) if tokens[j].group(0) == "("), -1)
            skip_to = opening
            continue
        if token == "(":
            continue
        flags = _facts(token)[1]
        if flags & _YEAR_TOKEN:
            kept.append(tokens[i])  # a year is no figure: "exports to Chile in 2021 were"
            continue
        if flags & _NUMBER or lower in _SCALE_WORDS:
            if content and flags & _NUMBER:
                break
            continue
        if token in _CLAUSE_BREAK or lower in _CLAUSE_OPENERS:
            if kept:
                break
            continue
        if token.isupper() and len(token) > 1 and i and tokens[i - 1].group(0) == "(":
            continue  # an acronym in parentheses adds nothing: "foreign direct investment (FDI) in Mexico"
        if lower not in _FUNCTION_WORDS:
            content = True
        kept.append(tokens[i])
    kept.reverse()
    return kept


def _without_opener(words: list[re.Match[str]]) -> list[re.Match[str]]:
    """Drop an opening "In 2019" / "Since 1948" / "As of June 2024" / "Last year" frame."""
    if words and _key(words[0].group(0)) in _OPENERS:
        for i, t in enumerate(words[:6]):
            if _YEAR.fullmatch(t.group(0)):
                return words[i + 1:]
    if len(words) > 2 and _key(words[0].group(0)) in ("last", "this", "next", "each", "every") \
            and _key(words[1].group(0)) in ("year", "month", "week", "quarter", "season"):
        return words[2:]
    return words


def _without_year_phrase(words: list[re.Match[str]]) -> list[re.Match[str]]:
    """Drop "in 2023" / "in fiscal year 2023" and what follows it: a time, not a thing measured."""
    for i, t in enumerate(words):
        if _YEAR.fullmatch(t.group(0)) and i > 0:
            j = i - 1
            while j > 0 and _key(words[j].group(0)) in ("fiscal", "year", "calendar", "fy"):
                j -= 1
            if _key(words[j].group(0)) in ("in", "during", "for", "by", "of", "since"):
                return words[:j]
    return words


def _verb_index(words: list[re.Match[str]]) -> int | None:
    for i, t in enumerate(words):
        if _is_verb(t.group(0), words[i - 1].group(0) if i else None):
            return i
    return None


def _noun_phrase_ending(
    words: list[re.Match[str]], stop: frozenset[str] | set[str] = frozenset()
) -> list[re.Match[str]]:
    """The noun phrase that ends the words, read backwards until a verb: "holds the largest stock of X"."""
    out: list[re.Match[str]] = []
    for i in range(len(words) - 1, -1, -1):
        token = words[i].group(0)
        lower = _key(token)
        if _is_verb(token, words[i - 1].group(0) if i else None) or lower in _CLAUSE_WORDS or lower in stop \
                or _NUMERAL.fullmatch(token):
            break
        out.append(words[i])
        if len(out) >= _MAX_WORDS:
            break
    out.reverse()
    return _trim(out)


def _phrase_before(text: str, start: int, sentence: tuple[int, int]) -> list[re.Match[str]]:
    """What the figure measures, read from its clause before it.

    "U.S. goods trade with Canada totaled"   -> the clause subject before the verb;
    "an estimated street value of"           -> the noun before "of";
    "partner with total two-way trade at"    -> the noun phrase before "at", after "with";
    "…in Mexico, with a total of"            -> the noun phrase before the comma.
    """
    words = _without_opener(_clause_before(text, start, sentence[0]))
    lowered = [_key(t.group(0)) for t in words]
    end = len(words)
    while end and lowered[end - 1] in _QUALIFIER_WORDS - {"over", "under", "at", "to"}:
        end -= 1
    if end and lowered[end - 1] in _PREPOSITIONS and lowered[end - 1] != "by" and not (
            end >= 2 and (_is_verb(words[end - 2].group(0), words[end - 3].group(0) if end >= 3 else None)
                          or _is_participle(words[end - 2].group(0)))):
        noun = _noun_phrase_ending(words[:end - 1], stop={"with"})
        if noun and _key(noun[-1].group(0)) not in _GENERIC_HEADS:
            return noun
        # "… with a total of": the generic noun points back to the phrase before the clause
        rest = end - 1
        while rest and lowered[rest - 1] in _FUNCTION_WORDS | _GENERIC_HEADS:
            rest -= 1
        if rest <= 1:
            return _apposed(text, words[0].start() if words else start, sentence)
        if rest and lowered[rest - 1] in ("with", "of"):
            return _noun_phrase_ending(words[:rest - 1])
    if lowered and lowered[-1] in ("totaling", "totalling", "worth", "reaching", "valued") and len(words) <= 2:
        return _apposed(text, words[0].start() if words else start, sentence)
    words = _without_year_phrase(words)
    verb = _verb_index(words)
    if verb is not None:
        subject = _trim(words[:verb])
        if subject and _key(subject[-1].group(0)) not in _PRONOUNS \
                and not any(_NUMERAL.fullmatch(t.group(0)) for t in subject):
            return subject
        # "It reached $5bn", "the program has provided": the object before the figure, if any
        return _trim(_noun_phrase_ending(words[verb + 1:]))
    return _trim(words[-_MAX_WORDS:])


def _apposed(text: str, clause_start: int, sentence: tuple[int, int],
            stop_words: frozenset[str] = frozenset()) -> list[re.Match[str]]:
    """The noun phrase ending right before the clause the figure is in ("…in Mexico, with a total of"),
    back to a word of `stop_words` if given."""
    stop = clause_start
    while stop > sentence[0] and text[stop - 1] in " ,;—–":
        stop -= 1
    words = [t for t in _words(text, max(sentence[0], stop - 200), stop) if t.group(0) not in "()"]
    return _noun_phrase_ending([t for t in words if t.group(0) not in _CLAUSE_BREAK][-_MAX_WORDS:], stop_words)


def _label(text: str, start: int, sentence_start: int) -> Subject | None:
    """"GDP growth" in "GDP growth: 3.2%": a short capitalised label on the figure's line."""
    line_start = max(sentence_start, text.rfind("\n", sentence_start, start) + 1)
    line = text[line_start:start]
    stripped = line.strip()
    if stripped.endswith(":") and 1 < len(stripped) <= 42 and stripped[0].isupper():
        offset = line_start + len(line) - len(line.lstrip())
        label = stripped[:-1].strip()
        return Subject(label, offset, offset + len(label))
    return None


def _as_subject(text: str, words: list[re.Match[str]], trimmed: bool = False) -> Subject | None:
    """The words as a subject, unless they are none or only a pronoun or a generic noun; `trimmed` words
    (read after the figure) keep a participle that ends them ("farmers trained")."""
    words = words if trimmed else _trim(words)
    if not words:
        return None
    if len(words) == 1 and _key(words[0].group(0)) in _NOT_A_SUBJECT:
        return None
    return _span(text, words)


#: "$5 million in backpay", "$2 billion worth of goods", "$3 million (MXN 55 million) for clinics".
_MONEY_OBJECT = re.compile(r"\s+(?:\([^()]{1,40}\)\s+)?(?:in|for|of|on|worth\s+of)\s+")
#: "in 2023", "in fiscal year 2020", "in FY2020", "in February 2019": a time, not what is measured.
_TIME_AHEAD = re.compile(
    r"(?:the\s+)?(?:(?:fiscal|calendar|marketing)\s+year|FY|MY|first|second|(?:[A-Z][a-z]+\s+)?\d{4}\b"
    r"|[A-Z][a-z]+\s+\d{4}|(?:last|past|next|previous|coming)\s+(?:\S+\s+)?(?:years?|months?|weeks?|days?|decades?)\b)"
)
#: A figure (number and scale word) right before an opening parenthesis: "$80 billion (4.2 percent)".
_AFTER_FIGURE = re.compile(r"\d[\d,.]*\s*(?:[A-Za-z]+|%)?\s*$")
#: Words after a money or percent figure that start no noun phrase of its own: a preposition, or a
#: rate ("$2 billion a month", "5 percent per year").
_NOT_A_NOUN_AFTER = re.compile(
    r"\s+(?:(?:of|to|in|for|from|and|or)\b|(?:a|an|per|each|every)\s+(?:day|week|month|quarter|year)\b)")
#: A unit joined to the figure by a hyphen ("2,000-mile"), not a number word ("fifty-thousand", "twenty-nine").
_HYPHENATED = re.compile(
    r"-(?!(?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand|million|billion)$)[A-Za-z]+$",
    re.IGNORECASE)
_SPENT_IN = re.compile(r"\s+in\s+(?!order\b)(?:(?:the|a|an|their|his|her|its|our)\s+)?(?=[a-z])")
#: "495 pounds of cocaine", "22 tons (20 metric tons) of rice", "450 pounds (204 kilograms) of …" read from
#: inside the parentheses, "290 Pounds Of Cocaine" in a headline.
_MEASURE_OF = re.compile(r"\s*\)?\s*(?:\([^()]{1,40}\)\s*)?[Oo]f\s+")
#: "a 27-year-old southwest Texas man": the age of the noun after it.
_AGED = re.compile(r"-old\s+")
_RANK_TAIL = re.compile(r"[-\s]+(?:most|least)?\s*\w+\s+")


#: The end of a list's lead-in: "… included:", "… included,", "… were:".
_LEAD_IN_END = re.compile(r"\b(?:included|include|includes|were|are|was|totaled)\s*[,:]|:")


def _lead_in_modifier(text: str, start: int, sentence: tuple[int, int]) -> Subject | None:
    """The participle phrase of a list's lead-in, which says which of the listed things are counted:
    "The narcotics seized at the port in 2022 included, 40 pounds of heroin; …" -> "seized at the port in 2022"."""
    end = None
    for end in _LEAD_IN_END.finditer(text, sentence[0], start):  # noqa: B007 - the last one
        continue
    if end is None:
        return None
    lead = _words(text, max(sentence[0], end.start() - 200), end.start())
    lead = [t for t in lead if t.group(0) not in _CLAUSE_BREAK]
    for i in range(1, len(lead)):
        token = lead[i].group(0)
        if _is_participle(token) and _key(token).endswith("ed") and _is_word(lead[i - 1].group(0)) \
                and _key(lead[i - 1].group(0)) not in _FUNCTION_WORDS | _AUXILIARIES:
            modifier = lead[i:]
            while modifier and _key(modifier[-1].group(0)) in _LINKING | _TRAILING_FILLER:
                modifier = modifier[:-1]
            return _span(text, modifier) if len(modifier) >= 2 else None
    return None


def _in_parentheses(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] == "(" and text[end:end + 1] in (")", " ", ";", ",")


def _list_item(text: str, start: int, sentence: tuple[int, int]) -> Subject | None:
    """"machinery ($3.2 billion)" after "top exports:": the item under its lead-in."""
    item = _noun_phrase_ending(_clause_before(text, start - 1, sentence[0]))
    phrase = _as_subject(text, item)
    if phrase is None:
        return None
    before = text[max(sentence[0], (item[0].start() if item else start) - 80):item[0].start() if item else start]
    stripped = before.rstrip(" ,;")
    colon = stripped.rfind(":")
    if colon >= 0 and ":" not in stripped[colon + 1:] and "," in before[colon:] + ",":
        lead = _noun_phrase_ending([t for t in _words(text, max(sentence[0], item[0].start() - 200), item[0].start())
                                    if t.start() < len(text) and t.end() <= item[0].start()
                                    and text.rfind(":", 0, item[0].start()) >= t.end()][-_MAX_WORDS:])
        lead_subject = _as_subject(text, lead)
        if lead_subject is not None:
            return Subject(f"{lead_subject.text}: {phrase.text}")
    return phrase


# --- objects of actions and periods of events ------------------------------------------------------

#: Past participles of irregular verbs of action, by their past tense or -ing form.
_IRREGULAR_DONE = {
    "gave": "given", "giving": "given", "took": "taken", "taking": "taken", "made": "made", "making": "made",
    "brought": "brought", "bringing": "brought", "sent": "sent", "sending": "sent", "built": "built",
    "paid": "paid", "paying": "paid", "sold": "sold", "selling": "sold", "found": "found", "finding": "found",
    "held": "held", "holding": "held", "kept": "kept", "led": "led", "leading": "led", "spent": "spent",
    "taught": "taught", "teaching": "taught", "won": "won", "winning": "won", "drew": "drawn", "saw": "seen",
    "met": "met", "swore": "sworn", "caught": "caught", "hired": "hired", "trained": "trained",
}
#: Verbs that link a thing to its size rather than act on it: "visits totaled 5,000", "cases reached 300".
_LINKING = _listed(
    "totaled totalled totaling totalling reached reaching numbered numbering exceeded exceeding surpassed topped "
    "included including averaged averaging amounted equaled equalled approached remained estimated reported"
)
#: Words between a verb and the figure it acts on: "has trained nearly", "discovered a total of".
_OBJECT_FILLER = _QUALIFIER_WORDS | _listed("total of estimated record additional further")
_RELATIVES = _listed("who which that")
_ADVERBS = _listed("thus far also now already successfully directly jointly together since then so")


def _participle(verb: str) -> str | None:
    """The past participle of a finite or -ing verb of action ("mobilized", "benefiting" -> "benefited")."""
    lower = verb.lower()
    if lower in _IRREGULAR_DONE:
        return _IRREGULAR_DONE[lower]
    if (not verb or not verb[0].islower() or "-" in lower or lower in _LINKING or lower in _CHANGE_NOUNS
            or len(lower) < 5):
        return None
    if lower.endswith("ed"):
        return lower
    if lower.endswith("ing") and len(lower) > 6 and lower not in _ING_NOUNS:
        stem = lower[:-3]
        if stem.endswith("y") and stem[-2] not in "aeiou":
            return stem[:-1] + "ied"  # "carrying" -> "carried"
        return stem + "ed"
    return None


def _done_to(text: str, start: int, things: list[re.Match[str]], sentence: tuple[int, int]) -> Subject | None:
    """Things a clause's verb acts on, with the act and its doer: "U.S. exports supported 1.1 million jobs"
    -> "jobs supported by U.S. exports"; ", directly benefiting 36,000 workers" -> "workers benefited"."""
    words = _clause_before(text, start, sentence[0])
    i = len(words)
    while i and _key(words[i - 1].group(0)) in _OBJECT_FILLER:
        i -= 1
    if not i:
        return None
    verb = _bare(words[i - 1].group(0))
    owned = _key(verb) in ("has", "have", "had")  # "EducationUSA has 23 advising centers"
    done = None if owned else _participle(verb)
    if done is None and not owned:
        return None
    doer_words = _without_opener(words[:i - 1])
    while doer_words and (_key(doer_words[-1].group(0)) in _ADVERBS or _key(doer_words[-1].group(0)).endswith("ly")):
        doer_words = doer_words[:-1]
    # "X is providing 300 trucks" names its doer; ", benefiting 36,000 workers" and "by providing" do not;
    # after a noun an -ing word is a modifier ("a border containing 47 ports"), not an act on the figure
    if verb.lower().endswith("ing") and verb.lower() not in _IRREGULAR_DONE and doer_words \
            and _key(doer_words[-1].group(0)) not in _AUXILIARIES:
        if _key(doer_words[-1].group(0)) != "by":
            return None
        doer_words = []
    while doer_words and _key(doer_words[-1].group(0)) in _AUXILIARIES:
        doer_words = doer_words[:-1]
    if doer_words and _key(doer_words[-1].group(0)) in _RELATIVES:
        # "a vessel that was transporting", "The volunteers, who completed": the noun the clause is about
        doer_words = (_noun_phrase_ending(doer_words[:-1]) if len(doer_words) > 1
                      else _apposed(text, doer_words[0].start(), sentence))
    head: list[re.Match[str]] = []
    for t in things:  # the things' own noun phrase, before any post-modifier
        lower = _key(t.group(0))
        if head and (lower in _PREPOSITIONS or lower in _CLAUSE_OPENERS or lower in ("who", "that", "to")
                     or _is_participle(t.group(0))):
            break
        head.append(t)
    named = _as_subject(text, head)
    if named is None:
        return None
    doer = _as_subject(text, _without_year_phrase(doer_words)[-8:])
    if doer is None or _key(doer.text.split()[0]) in _PRONOUNS or any(ch.isdigit() for ch in doer.text) \
            or _verb_index(_words(text, doer.start or 0, doer.end or 0)) is not None:
        return None if owned else Subject(f"{named.text} {done}")
    if owned:  # "advising centers of EducationUSA throughout Mexico"
        rest = _as_subject(text, things[len(head):], trimmed=True)
        return Subject(f"{named.text} of {doer.text}" + (f" {rest.text}" if rest else ""))
    return Subject(f"{named.text} {done} by {doer.text}")


_PEOPLE = _listed("people persons individuals")
#: The noun a number of people belong to: "a country of nearly 127 million people".
_HOLDER_OF = re.compile(
    r"\b([A-Za-z]+)\s+of\s+(?:(?:nearly|almost|about|approximately|roughly|around|some|over|more\s+than|just)\s+)*$")


#: Nouns of places and domains a clause can happen in: "serve in 75 countries" -> "countries where …".
_PLACE_NOUNS = _listed(
    "countries nations states provinces regions districts areas communities cities towns villages "
    "municipalities sites locations schools sectors"
)
_WHERE_PREPOSITIONS = _listed("in across throughout within")


def _places_where(text: str, start: int, things: list[re.Match[str]], sentence: tuple[int, int]) -> Subject | None:
    """Places a clause happens in, with the clause: "Peace Corps volunteers currently serve in 75 countries"
    -> "countries where Peace Corps volunteers currently serve"."""
    head: list[re.Match[str]] = []
    for t in things:  # the places' own noun phrase, before any post-modifier
        if head and (_key(t.group(0)) in _PREPOSITIONS or _key(t.group(0)) in _CLAUSE_WORDS
                     or _is_participle(t.group(0))):
            break
        head.append(t)
    if not head or _key(head[-1].group(0)) not in _PLACE_NOUNS:
        return None
    words = _clause_before(text, start, sentence[0])
    i = len(words)
    while i and _key(words[i - 1].group(0)) in _OBJECT_FILLER | {"all"}:
        i -= 1
    if not i or _key(words[i - 1].group(0)) not in _WHERE_PREPOSITIONS:
        return None
    clause = _without_opener(words[:i - 1])
    while clause and (_key(clause[0].group(0)) in _LEADING_FILLER or _key(clause[0].group(0)) in _ADVERBS):
        clause = clause[1:]
    if not clause or any(_key(t.group(0)) in _CLAUSE_WORDS or _NUMERAL.fullmatch(t.group(0))
                         or t.group(0) in _CLAUSE_BREAK for t in clause):
        return None
    verb = _predicate_index(clause)
    doer = ""
    if verb == 0:  # "cholera, which has taken hold in all four countries": the noun the clause is about
        relative = _RELATIVE_BEFORE.search(text, max(sentence[0], clause[0].start() - 30), clause[0].start())
        noun = _as_subject(text, _apposed(text, relative.start(), sentence, _PREPOSITIONS)) if relative else None
        if noun is None:
            return None
        doer = f"{noun.text} "
    elif verb is None or _key(clause[0].group(0)) in _PRONOUNS:
        return None  # no clause of its own ("teams of HEIs in 28 states"), or only a pronoun doing it
    named = _as_subject(text, head)
    happening = _span(text, clause)
    if named is None or happening is None:
        return None
    return Subject(f"{named.text} where {doer}{happening.text}")


def _predicate_index(words: list[re.Match[str]]) -> int | None:
    """Where the verb of a clause is: a finite verb or auxiliary, or the word an adverb in -ly
    comes before ("volunteers currently serve")."""
    verb = _verb_index(words)
    if verb is not None:
        return verb
    for i, t in enumerate(words[:-1]):
        if _key(t.group(0)).endswith("ly") and len(t.group(0)) > 3 and words[i + 1].group(0)[:1].islower():
            return i + 1
    return None


#: What a verb phrase may not run into: another figure, a clause break or a clause word.
_PREDICATE_END = _CLAUSE_WORDS - {"that"} | _STOP_WORDS


def _doing(text: str, things: list[re.Match[str]], sentence: tuple[int, int]) -> Subject | None:
    """Things that are the subject of their clause, with what they do: "Sixteen volunteers will serve in a
    health project" -> "volunteers will serve in a health project"."""
    if any(_key(t.group(0)) in _PREPOSITIONS or _is_participle(t.group(0)) for t in things):
        return None  # "U.S. citizens living in Canada are …": the post-modifier already says which
    position = things[-1].end()
    tokens = list(islice(_TOKEN.finditer(text, position, min(sentence[1], position + 160)), _MAX_WORDS))
    if not tokens or _key(tokens[0].group(0)) not in _AUXILIARIES:
        return None
    kept: list[re.Match[str]] = []
    verb = prepositions = 0
    for t in tokens:
        token = t.group(0)
        lower = _key(token)
        if token in _CLAUSE_BREAK or not _is_word(token) or lower in _PREDICATE_END or lower == "by" \
                or len(things) + len(kept) >= _MAX_WORDS:
            break
        if not verb and lower not in _AUXILIARIES:
            after_modal = _key(kept[-1].group(0)) in _MODALS
            if not after_modal and not _is_verb(token, "x") and not _is_participle(token) \
                    and lower not in _IRREGULAR_PARTICIPLES:
                return None  # "categories … are Summer Work Travel": what they are, not what they do
            verb = len(kept) + 1
        if lower in _PREPOSITIONS:
            prepositions += 1
            if prepositions > 1:
                break  # the verb and its first complement: "will serve in a community health project"
        kept.append(t)
        if token.endswith(".") and not _INITIALS.fullmatch(token):
            break
    while kept and _key(kept[-1].group(0)) in _TRAILING_FILLER:  # the verb itself stays: "have served"
        kept.pop()
    if not verb or len(kept) < 2:
        return None
    return _span(text, things + kept)


#: A duration that is the time of a clause's event: "in the last eight years", "Over the past two years,",
#: "for an additional 16 years", "For the better part of two decades".
_TIME_PHRASE = re.compile(
    r"\b(?:for|over|in|during|within|throughout)\s+(?:the\s+)?(?:(?:last|past|next|first|previous|coming|"
    r"additional|better\s+part\s+of|total\s+of|an\s+additional|a\s+total\s+of|under|nearly|almost|about|some|"
    r"more\s+than|less\s+than|over|up\s+to|just)\s+)*$", re.IGNORECASE)


#: A prison term: "was sentenced to 18 years in prison", "sentenced to more than 20 years".
_SENTENCED = re.compile(r"\bsentenced\s+to\s+(?:(?:a\s+total\s+of|more\s+than|nearly|up\s+to|about|over)\s+)*$",
                        re.IGNORECASE)


def _sentence_served(text: str, start: int, place: list[re.Match[str]], sentence: tuple[int, int]) -> Subject | None:
    """"prison sentence for smuggling" for "sentenced to 18 years in prison for smuggling"; with nothing after
    the place, the sentenced person: "Leader of smuggling ring sentenced to 9 years in prison" -> "prison sentence for
    Leader of smuggling ring"."""
    sentenced = _SENTENCED.search(text, max(sentence[0], start - 60), start)
    if sentenced is None:
        return None
    head = 0
    while head < len(place) and _key(place[head].group(0)) not in _PREPOSITIONS \
            and not _is_participle(place[head].group(0)):
        head += 1
    named = _as_subject(text, place[:head], trimmed=True)
    if named is None:
        return None
    rest = _as_subject(text, place[head:], trimmed=True)
    if rest is not None:
        return Subject(f"{named.text} sentence {rest.text}")
    words = _clause_before(text, sentenced.start(), sentence[0])
    while words and _key(words[-1].group(0)) in _AUXILIARIES:
        words = words[:-1]
    person = _as_subject(text, words[-8:])
    if person is None or any(ch.isdigit() for ch in person.text) or _key(person.text.split()[0]) in _PRONOUNS:
        return Subject(f"{named.text} sentence")
    return Subject(f"{named.text} sentence for {person.text}")


def _period(text: str, start: int, sentence: tuple[int, int]) -> Subject | None:
    """"period of <doer>" for a duration in a time phrase; when the phrase opens the sentence, "period in
    which <the clause after it>"."""
    phrase = _TIME_PHRASE.search(text, max(sentence[0], start - 60), start)
    if phrase is None:
        return None
    if not text[sentence[0]:phrase.start()].strip():
        comma = text.find(",", start, sentence[1])
        if comma < 0 or comma - start > 40:
            return None
        clause: list[re.Match[str]] = []
        for t in _words(text, comma + 1, min(sentence[1], comma + 200)):
            if t.group(0) in _CLAUSE_BREAK or _NUMERAL.fullmatch(t.group(0)) or _key(t.group(0)) in _CLAUSE_OPENERS:
                break
            clause.append(t)
            if len(clause) >= _MAX_WORDS:
                break
        found = _as_subject(text, clause)
        return None if found is None else Subject(f"period in which {found.text}")
    words = _without_opener(_clause_before(text, phrase.start(), sentence[0]))
    verb = _verb_index(words)
    linking = any(_key(t.group(0)) in _AUXILIARIES for t in words[verb or 0:]) and not any(
        _key(t.group(0)) not in _AUXILIARIES and _is_verb(t.group(0), "x") for t in words[verb or 0:])
    if not verb or linking:
        return None  # "X has been a net exporter for …": what X is says more than X
    doer = _as_subject(text, _without_year_phrase(words[:verb]))
    if doer is None or _key(doer.text.split()[0]) in _PRONOUNS:
        return None
    return Subject(f"period of {doer.text}")


# --- changes ------------------------------------------------------------------------------------

#: Words of change, and the noun that names a change of what they say changed ("rose 6%" ->
#: "increase in …"): one declaration for verbs, participles and the adverbs "up"/"down".
_CHANGE_NOUNS: dict[str, str] = {
    word: noun
    for noun, words in (
        ("increase", "increased increase increases increasing rose rise rises rising risen up climbed jumped"),
        ("growth", "grew grow grows growing grown expanded"),
        ("decline", "declined decline declines declining fell fall falls falling fallen dropped down slipped "
                    "shrank contracted"),
        ("decrease", "decreased decrease decreases decreasing"),
    )
    for word in _listed(words)
}
_CHANGE_WORD = re.compile(r"\b(?:" + "|".join(sorted(_CHANGE_NOUNS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_QUALIFYING = (r"(?:(?:nearly|almost|about|approximately|roughly|around|some|over|more\s+than|less\s+than|just|an|a)"
               r"\s+)*")
_ASPECT = r"(?:\s+in\s+(?P<aspect>value|volume))?"
#: Between a change word and the amount of the change: "rose 6%", "increased by $5bn",
#: "increased in volume by 309 million barrels", "an increase of 6%".
_AMOUNT_GAP = re.compile(rf"(?:\s+\w+ly)?{_ASPECT}(?P<by>\s+by|\s+of)?\s+{_QUALIFYING}", re.IGNORECASE)
#: … and the second figure of "increased by $5bn (4.2 percent)".
_AMOUNT_ASIDE_GAP = re.compile(
    rf"(?:\s+\w+ly)?{_ASPECT}\s+by\s+{_QUALIFYING}[$€£]?\d[\d,.]*(?:\s*[A-Za-z%]+){{0,2}}\s*\(", re.IGNORECASE)
#: … and a level the thing changed from or to: "fell sharply from 42 TWh in 2022 to", ", up from".
_LEVEL_GAP = re.compile(
    r"(?:\s+\w+ly)?(?:\s+in\s+(?:value|volume))?(?:\s+(?:by\s+)?[^;:,]{1,60}?)?(?:,?\s+from\s+[^;:]{1,60}?)?"
    rf",?\s+(?P<to>to|from)\s+{_QUALIFYING}", re.IGNORECASE)
#: A change named after its amount: "a 10% decline from 1H24" (but "a 5% increase in exports" names its thing).
_CHANGE_NOUN_AFTER = re.compile(
    r"\s+(?P<noun>increase|decrease|decline|drop|rise|gain|growth|jump|fall|reduction)\b(?!\s+(?:in|of)\b)",
    re.IGNORECASE)
_ASPECT_AFTER = re.compile(r"\s+in\s+(value|volume)\b", re.IGNORECASE)
_RELATIVE_BEFORE = re.compile(r"\s*,?\s*\b(?:which|that)\s+(?:\w+ly\s+)?(?:(?:has|have|had)\s+)?$", re.IGNORECASE)
_PROSE_ARTICLE = re.compile(r"\s*,\s*(?:an?\s+)?$")


#: The change words as a case-sensitive trie, run over a lower-cased window: `re` then skips
#: ahead to their first letters, which it cannot do for `\b…` under IGNORECASE.
_CHANGE_WORD_LOWER = re.compile(r"(?<!\w)(?:" + trie(sorted(_CHANGE_NOUNS)) + r")(?!\w)")


def _last_change_word(text: str, start: int, end: int) -> re.Match[str] | None:
    """The last change word in text[start:end] (as `_CHANGE_WORD` finds it), or None."""
    before = max(0, start - 1)  # the character before the window decides a word boundary there
    window = text[before:end].lower()
    if len(window) != end - before:  # a letter whose lower case is longer: offsets would shift
        found = None
        for found in _CHANGE_WORD.finditer(text, start, end):  # noqa: B007 - the last one
            continue
        return found
    last = None
    for last in _CHANGE_WORD_LOWER.finditer(window, start - before):  # noqa: B007 - the last one
        continue
    return _CHANGE_WORD.match(text, before + last.start(), end) if last is not None else None


def _change(text: str, kind: str, start: int, end: int, sentence: tuple[int, int]) -> Subject | None:
    """The subject of a change's amount ("increase in U.S. exports") or of a level it went from or to."""
    window_start = max(sentence[0], start - 120)
    found = _last_change_word(text, window_start, start)
    if found is not None:
        word = found.group(0).lower()
        word_start, word_end = found.start(), found.end()
        adverb = word in ("up", "down")
        if adverb and text[max(sentence[0], word_start - 3):word_start].strip()[-1:] not in (",", "(", "—", "–"):
            return None  # "up"/"down" as a change only after a break: "…, up 45 percent"
        gap = text[word_end:start]
        amount = _AMOUNT_GAP.fullmatch(gap) or _AMOUNT_ASIDE_GAP.fullmatch(gap)
        if amount is not None and (amount.group("aspect") or kind in ("money", "percent", "measure")
                                   or (amount.re is _AMOUNT_GAP and amount.group("by"))):
            aspect = amount.group("aspect") or _aspect_after(text, end)
            return _named_change(text, _CHANGE_NOUNS[word], aspect, _thing_before(text, word_start, sentence))
        level = _LEVEL_GAP.fullmatch(gap)
        if level is not None and not (adverb and level.group("to").lower() == "to"):
            changed = _object_changed(text, word_end, word_end + level.start("to"))
            return _as_subject(text, changed or _thing_before(text, word_start, sentence))
    if kind in ("money", "percent"):
        after = _CHANGE_NOUN_AFTER.match(text, end)
        if after is not None and _PROSE_ARTICLE.search(text, window_start, start):
            # "Steam coal exports totaled 22.5 MMst, a 10% decline from 1H24"
            return _named_change(text, after.group("noun").lower(), _aspect_after(text, after.end()),
                                 _previous_clause_subject(text, start, sentence))
    return None


#: Words that open the object of a change verb: "increased its funding for X to $8.5 million".
_OBJECT_OPENERS = _listed("its their his her our the")


def _object_changed(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The object a change verb acts on, between the verb and "to"/"from": "raised its tariff on steel to 25%"
    -> "tariff on steel"; none when the verb has no object ("rose sharply to")."""
    words = _words(text, start, end)
    if not words or _key(words[0].group(0)) not in _OBJECT_OPENERS:
        return []
    kept: list[re.Match[str]] = []
    for t in words:
        if _key(t.group(0)) in ("by", "from") or not _is_word(t.group(0)) or _YEAR.fullmatch(t.group(0)):
            break
        kept.append(t)
    return _trim(kept)


def _aspect_after(text: str, position: int) -> str | None:
    m = _ASPECT_AFTER.match(text, position)
    return m.group(1).lower() if m else None


def _named_change(text: str, noun: str, aspect: str | None, thing: list[re.Match[str]]) -> Subject | None:
    found = _as_subject(text, thing)
    if found is None:
        return None
    return Subject(f"{noun} in {aspect + ' of ' if aspect else ''}{found.text}")


def _finite_index(words: list[re.Match[str]]) -> int | None:
    """The first auxiliary or listed finite verb: "were" in "exports to China were relatively flat"."""
    for i, t in enumerate(words):
        lower = _key(t.group(0))
        if lower in _AUXILIARIES or lower in _VERBS:
            return i
    return None


def _thing_before(text: str, position: int, sentence: tuple[int, int]) -> list[re.Match[str]]:
    """What changed: the subject of the clause of the change word at `position`, else of the clause before."""
    relative = _RELATIVE_BEFORE.search(text, max(sentence[0], position - 30), position)
    if relative is not None:  # "crude petroleum exports (table 2), which increased": the noun before "which"
        stop = relative.start()
        if text[stop - 1:stop] == ")":
            stop = max(sentence[0], text.rfind("(", sentence[0], stop))
        return _noun_phrase_ending(_words(text, max(sentence[0], stop - 200), stop)[-_MAX_WORDS:])
    if text[sentence[0]:position].rstrip()[-1:] in (",", ";", "—", "–"):
        return _previous_clause_subject(text, position, sentence)  # "…, up from $1.5 billion"
    words = _without_opener(_clause_before(text, position, sentence[0]))
    verb = _finite_index(words)
    if verb is not None:
        words = words[:verb]
    words = _trim(_without_year_phrase(words))
    while words and (_key(words[-1].group(0)).endswith("ly") or _key(words[-1].group(0)) == "each"):
        words = _trim(words[:-1])
    if words and _key(words[0].group(0)) not in _PRONOUNS \
            and not any(_NUMERAL.fullmatch(t.group(0)) for t in words):
        return words
    return _previous_clause_subject(text, words[0].start() if words else position, sentence)


def _previous_clause_subject(text: str, position: int, sentence: tuple[int, int]) -> list[re.Match[str]]:
    """The subject of the clause before `position`: "Steam coal exports" in "Steam coal exports totaled
    22.5 MMst, a 10% decline"; after "…, which" the noun phrase the relative clause follows."""
    clause_start = text.rfind(",", sentence[0], position)
    for mark in (";", "—", "–"):
        clause_start = max(clause_start, text.rfind(mark, sentence[0], position))
    if clause_start < 0:
        return []
    tokens = _words(text, max(sentence[0], clause_start - 250), clause_start)
    kept: list[re.Match[str]] = []
    depth = 0
    for t in tokens:  # asides in parentheses are read around
        token = t.group(0)
        depth += token == "("
        if depth == 0:
            kept.append(t)
        depth -= token == ")" and depth > 0
    segments: list[list[re.Match[str]]] = [[]]
    for t in kept:
        if t.group(0) in _CLAUSE_BREAK:
            segments.append([])
        else:
            segments[-1].append(t)
    segments = [seg for seg in segments if seg]
    for seg in reversed(segments[-3:]):
        words = _without_opener(seg)
        verb = _verb_index(words)
        if verb:
            subject = _trim(_without_year_phrase(words[:verb]))
            if subject and _key(subject[-1].group(0)) not in _PRONOUNS \
                    and not any(_NUMERAL.fullmatch(t.group(0)) for t in subject):
                return subject
    return []


def subject_of(text: str, kind: str, start: int, end: int, sentence: tuple[int, int]) -> Subject:
    """What a figure measures, and where those words are when they are one span."""
    sentence = (max(sentence[0], start - 300), min(sentence[1], end + 300))  # bounded: linear on any text
    found = _subject(text, kind, start, end, sentence)
    if found is not None:
        return found
    # Last resort: the words of the sentence with the figure marked, unless they open with a
    # pronoun or a verb; then only the kind of figure it is (never empty).
    words = (text[sentence[0]:start] + "…" + text[end:sentence[1]]).split()
    if words and words[0].lower() not in _PRONOUNS and not _is_verb(words[0], None) and words[0] != "…":
        return Subject(" ".join(words[:8]))
    return Subject(kind)


def subject(text: str, kind: str, start: int, end: int, sentence: tuple[int, int]) -> str:
    """A short noun phrase for what a figure measures, from the words next to it."""
    return subject_of(text, kind, start, end, sentence).text


def _subject(text: str, kind: str, start: int, end: int, sentence: tuple[int, int]) -> Subject | None:
    label = _label(text, start, sentence[0])
    if label is not None:
        return label
    if kind != "rank":
        change = _change(text, kind, start, end, sentence)
        if change is not None:
            return change
    if kind != "rank" and _HYPHENATED.search(text, start, end):
        found = _as_subject(text, _phrase_after(text, end, sentence[1]), trimmed=True)  # "a 2,000-mile shared border"
        if found is not None:
            return found
    if _in_parentheses(text, start, end) and not _AFTER_FIGURE.search(text, max(sentence[0], start - 30), start - 1):
        return _list_item(text, start, sentence)  # "Summer Work Travel (5,501)"
    after_text = text[end:sentence[1]]
    if kind in ("money", "percent"):
        m = _MONEY_OBJECT.match(after_text)
        if m and not _TIME_AHEAD.match(after_text, m.end()):
            found = _as_subject(text, _phrase_after(text, end + m.end(), sentence[1]), trimmed=True)
            if found is not None:
                if kind == "percent" and m.group(0).split()[-1] == "of":
                    return Subject(f"share of {found.text}")  # "98 percent of the population"
                return found
        if re.match(r"\s+[a-z]", after_text) and not _NOT_A_NOUN_AFTER.match(after_text):
            # "a $47 billion trade deficit"
            found = _as_subject(text, _phrase_after(text, end, sentence[1]), trimmed=True)
            if found is not None and not _is_verb(found.text.split(None, 1)[0], "x"):
                return found
        return _as_subject(text, _phrase_before(text, start, sentence))
    if kind == "rank":
        m = _RANK_TAIL.match(after_text)
        offset = end + (m.end() if m else 0)
        if not re.match(r"[-\s]*(?:highest|largest|biggest|most|greatest|leading|top|smallest|lowest)", after_text):
            offset = end
        return (_as_subject(text, _phrase_after(text, offset, sentence[1]), trimmed=True)
                or _as_subject(text, _phrase_before(text, start, sentence)))
    if kind in ("duration", "frequency", "ratio", "measure"):
        if not any(ch.isalpha() for ch in text[start:end]):
            unit = re.match(r"\s*\S+", after_text)  # "22.5 MMst": the unit is not in the span
            after_text = after_text[unit.end():] if unit else after_text
            end = sentence[1] - len(after_text)
        m = _MEASURE_OF.match(after_text)
        if m:
            things = _phrase_after(text, end + m.end(), sentence[1])
            found = _as_subject(text, things, trimmed=True)
            if found is not None:
                if not any(_is_participle(t.group(0)) or _key(t.group(0)) in _PREPOSITIONS for t in things):
                    lead = _lead_in_modifier(text, start, sentence)
                    if lead is not None:  # "Drugs seized at the port included: 40 pounds of heroin; …"
                        return Subject(f"{found.text} {lead.text}")
                    # "The volunteers, who completed nine weeks of training" -> training completed by volunteers
                    return _done_to(text, start, things, sentence) or found
                return found
        if kind == "duration":
            aged = _AGED.match(after_text)
            if aged:
                found = _as_subject(text, _phrase_after(text, end + aged.end(), sentence[1]), trimmed=True)
                if found is not None:
                    return Subject(f"age of {found.text}")
            spent = _SPENT_IN.match(after_text)
            if spent and not _TIME_AHEAD.match(after_text, spent.end()):
                # "sentenced to 18 years in federal prison for smuggling": where the time is spent
                place = _phrase_after(text, end + spent.end(), sentence[1])
                found = _as_subject(text, place, trimmed=True)
                if found is not None:
                    return _sentence_served(text, start, place, sentence) or found
            period = _period(text, start, sentence)
            if period is not None:
                return period
        return _as_subject(text, _phrase_before(text, start, sentence))
    after = _phrase_after(text, end, sentence[1])
    if kind == "count" and after:
        done = _done_to(text, start, after, sentence) or _doing(text, after, sentence) \
            or _places_where(text, start, after, sentence)
        if done is not None:
            return done
    found = _as_subject(text, after, trimmed=True)
    if found is not None and found.text.lower() in _GENERIC_HEADS:
        # "a combined population of 15 million people"
        before = _as_subject(text, _phrase_before(text, start, sentence))
        holder = _HOLDER_OF.search(text, max(sentence[0], start - 60), start)
        if before is not None and holder is not None and found.text.lower() in _PEOPLE \
                and holder.group(1).lower() not in _GENERIC_HEADS | {"population"}:
            return Subject(f"population of {before.text}")  # "a wealthy country of nearly 127 million people"
        return before or found
    return found or _as_subject(text, _phrase_before(text, start, sentence))
