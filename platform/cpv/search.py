"""Finding CPV codes by words in English, Swedish, Danish or Norwegian, and showing them in the page's language.

The labels are the official English, Swedish and Danish ones (``data/README.md``). Norway has no official
CPV labels; written Danish is close to bokmål ("arkiv", "skole", "undervisning"), so a Norwegian word is
searched in all three labels, and a small vocabulary (``vocabulary.py``) adds the label words for municipal
IT terms no label uses. Swedish ä/ö and Norwegian/Danish æ/ø are folded together, so "lärande" meets
"læring". Every label is folded once, when the vocabulary is first read; the codes each search term hits
are kept, so a term costs one pass over the 9,454 labels the first time and nothing afterwards.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

from samverka.platform.cpv.vocabulary import TERMS

LABELS_FILE = Path(__file__).resolve().parent / "data" / "cpv2008_labels_en_sv_da.json.gz"
# Divisions of IT procurement (data/README.md), software and services first: what this platform's users
# look for before anything else.
IT_DIVISIONS = ("48", "72", "30", "32", "64")
_FOLD = str.maketrans({"ä": "æ", "ö": "ø", "é": "e"})
_STOP = {"og", "i", "for", "til", "av", "och", "på", "and", "of", "the", "med", "with"}
# Endings of plural and definite forms in the three languages, tried when the whole word is not found.
_ENDINGS = ("ene", "erne", "er", "ar", "or", "en", "et", "na", "e", "r")
_TOKEN = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class Label:
    text: str
    lang: str  # the language the text is in, for the page's lang attribute


def fold(text: str) -> str:
    return text.casefold().translate(_FOLD)


@functools.cache
def _labels() -> dict[str, dict[str, str]]:
    with gzip.open(LABELS_FILE, "rt", encoding="utf-8") as data:
        return json.load(data)


@functools.cache
def _index() -> tuple[list[str], list[str]]:
    """The codes in code order, and each code's three labels folded into one text."""
    labels = _labels()
    codes = sorted(labels)
    return codes, [fold(" | ".join(labels[c].values())) for c in codes]


@functools.cache
def _hits(term: str) -> frozenset[int]:
    return frozenset(i for i, text in enumerate(_index()[1]) if term in text)


def _alternatives(word: str) -> set[str]:
    """What a typed word may be found as: itself, its stem, and the vocabulary's terms for it."""
    found = {word}
    found.update(word[: -len(end)] for end in _ENDINGS if word.endswith(end) and len(word) - len(end) >= 4)
    for stem, terms in TERMS.items():
        if stem in word:
            found.update(fold(t) for t in terms)
    return found


def _word_hits(word: str) -> frozenset[int]:
    return frozenset().union(*(_hits(term) for term in _alternatives(word)))


def words_of(query: str) -> list[str]:
    """The words that count: not "og"/"och"/"and", nor the first half of "sak- og arkivsystem"."""
    tokens = [t.strip("-") for t in _TOKEN.findall(fold(query)) if not t.endswith("-")]
    return [t for t in tokens if len(t) >= 2 and t not in _STOP]


def find(query: str) -> list[str]:
    """The codes whose labels hold every word typed, best first."""
    typed = words_of(query)
    if not typed:
        return []
    found = functools.reduce(frozenset.intersection, (_word_hits(word) for word in typed))
    codes = _index()[0]
    return sorted((codes[i] for i in found), key=_rank)


def _rank(code: str) -> tuple:
    """IT first, then the more general codes, so that "arkiv" offers systems before shelves."""
    division = IT_DIVISIONS.index(code[:2]) if code[:2] in IT_DIVISIONS else len(IT_DIVISIONS)
    return (division == len(IT_DIVISIONS), len(code.rstrip("0")), division, code)


def label(code: str, locale: str) -> Label | None:
    """The code's label for a page in ``locale``: Swedish for sv, English for en, Danish for nb.

    For nb the official Danish label is shown (marked lang="da"): it reads as near-Norwegian, is the
    EU's own wording, and is what the Norwegian words were matched against.
    """
    labels = _labels().get(code)
    if labels is None:
        return None
    lang = {"sv": "sv", "nb": "da"}.get(locale, "en")
    return Label(labels[lang], lang)


def labels_of(code: str) -> dict[str, str]:
    """The code's official labels by language (en, sv, da)."""
    return dict(_labels().get(code, {}))
