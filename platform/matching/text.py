"""A need's words as language-neutral features, so Norwegian and Swedish wording meet.

1. Fold: lowercase, æ→ä and ø→ö (the Swedish letters), then strip diacritics, so
   "lønn"/"lön" become "lonn"/"lon" and "velferd"/"välfärd" become "velferd"/"valfard".
2. Split Scandinavian compounds into lexicon stems ("lonn|s|system",
   "arende|hantering|s|system"), allowing a linking letter between parts and an
   inflection ending after the last one.
3. Map stems to concepts (``lexicon.CONCEPTS``); words the lexicon does not know
   ("Unikum", "matrikel") are kept and compared by character trigrams.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from samverka.platform.matching import lexicon

DESCRIPTION_WEIGHT = 0.5  # a title says what is procured; a description also says a lot else
RESIDUAL_WEIGHT = 0.5  # an unknown word matters, but less than a known concept
BROADER_WEIGHT = 0.5  # a safety alarm is welfare technology, but not all of it
_STEM_COST, _LINK_COST, _PREFIX_COST, _UNKNOWN_COST = 0.1, 0.05, 0.15, 1.0
_MIN_STEM = 3  # shorter stems ("pc", "hr") only match a whole word
_MIN_PARTIAL_STEM = 4  # inside a word we cannot fully split, only longer stems count
_MIN_RESIDUE = 3


_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def fold(text: str) -> str:
    """Lowercase ASCII: æ and ø become ä and ö, then every diacritic goes, so "lønn" and
    "lön" meet as "lonn"/"lon" (letters outside the Latin alphabets are dropped)."""
    swedish = text.lower().replace("æ", "ä").replace("ø", "ö")
    return unicodedata.normalize("NFKD", swedish).encode("ascii", "ignore").decode()


def _words_of_token(token: str) -> list[str]:
    """ "e-arkiv" is one word ("earkiv"); "it-drift" is two."""
    parts, words = token.split("-"), []
    for part in parts:
        if words and len(words[-1]) == 1 and words[-1].isalpha():
            words[-1] += part
        else:
            words.append(part)
    return [w for w in words if w and not w.isdigit() and w not in _STOPWORDS]


def _stem_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = dict.fromkeys(map(fold, lexicon.GENERIC.split()), ())
    for concept, (_label, _weight, stems) in lexicon.CONCEPTS.items():
        for stem in map(fold, stems.split()):
            index[stem] = index.get(stem, ()) + (concept,)
    return index


_STOPWORDS = frozenset(map(fold, lexicon.STOPWORDS))
_WEIGHT = {concept: weight for concept, (_label, weight, _stems) in lexicon.CONCEPTS.items()}
_STEMS = _stem_index()
_LONGEST = max(map(len, _STEMS))
_SUFFIXES = lexicon.SUFFIXES
_COMBINATIONS = {frozenset(pair): result for pair, result in lexicon.COMBINATIONS.items()}

# DP states: at a part boundary where a stem must follow, just after a stem, inside unknown letters.
_NEED_STEM, _AFTER_STEM, _UNKNOWN = 0, 1, 2


@dataclass(frozen=True)
class Segmentation:
    stems: tuple[str, ...]  # lexicon stems found, in order
    residue: tuple[str, ...]  # unknown stretches of letters long enough to compare


def _moves(word: str, pos: int, state: int, partial: bool):
    """(next position, next state, cost, part) for every step allowed from here."""
    length = len(word)
    min_stem = _MIN_PARTIAL_STEM if partial else _MIN_STEM
    for end in range(pos + 1, min(length, pos + _LONGEST) + 1):
        piece = word[pos:end]
        whole = pos == 0 and end == length
        if piece in _STEMS and (len(piece) >= min_stem or whole):
            yield end, _AFTER_STEM, _STEM_COST, ("stem", piece)
    if state == _AFTER_STEM and word[pos] in lexicon.LINKS:
        yield pos + 1, _NEED_STEM, _LINK_COST, None
    if state == _AFTER_STEM and word[pos:] in _SUFFIXES:
        yield length, _AFTER_STEM, _LINK_COST, None
    if pos == 0 and word[0] == "e" and length > 3:  # e-arkiv, e-handel, e-læring
        yield 1, _NEED_STEM, _PREFIX_COST, None
    if partial:
        yield pos + 1, _UNKNOWN, _UNKNOWN_COST, ("unknown", word[pos])


def _cheapest_split(word: str, partial: bool) -> list[tuple[str, str]] | None:
    best: dict[tuple[int, int], tuple[float, tuple]] = {(0, _NEED_STEM): (0.0, ())}
    for pos in range(len(word)):
        for state in (_NEED_STEM, _AFTER_STEM, _UNKNOWN):
            here = best.get((pos, state))
            if here is None:
                continue
            for nxt, nstate, cost, part in _moves(word, pos, state, partial):
                candidate = (here[0] + cost, here[1] + ((part,) if part else ()))
                if (nxt, nstate) not in best or candidate[0] < best[(nxt, nstate)][0]:
                    best[(nxt, nstate)] = candidate
    ends = [best[key] for key in ((len(word), _AFTER_STEM), (len(word), _UNKNOWN)) if key in best]
    return list(min(ends)[1]) if ends else None


@lru_cache(maxsize=200_000)
def segment(word: str) -> Segmentation:
    """Split one folded word into lexicon stems and unknown stretches."""
    parts = _cheapest_split(word, partial=False) or _cheapest_split(word, partial=True) or []
    stems = tuple(piece for kind, piece in parts if kind == "stem")
    residue, run = [], []
    for kind, piece in parts + [("stem", "")]:
        if kind == "unknown":
            run.append(piece)
            continue
        if len(run) >= _MIN_RESIDUE:
            residue.append("".join(run))
        run = []
    return Segmentation(stems, tuple(residue) if stems else (word,))


@lru_cache(maxsize=100_000)
def _combined(concepts: frozenset[str], replace: bool) -> frozenset[str]:
    found = {(pair, result) for pair, result in _COMBINATIONS.items() if pair <= concepts}
    parts = set().union(*(pair for pair, _ in found)) if replace else set()
    return frozenset((concepts - parts) | {result for _, result in found})


@lru_cache(maxsize=200_000)
def word_concepts(word: str) -> frozenset[str]:
    """Concepts a word names: a compound whose parts combine names the combination."""
    return _combined(frozenset(c for stem in segment(word).stems for c in _STEMS[stem]), replace=True)


@lru_cache(maxsize=200_000)
def _token(token: str) -> tuple[tuple[frozenset[str], tuple[str, ...]], ...]:
    """(concepts, unknown stretches) of each word in a folded token."""
    return tuple(
        (word_concepts(word), tuple(r for r in segment(word).residue if len(r) >= _MIN_RESIDUE))
        for word in _words_of_token(token)
    )


@lru_cache(maxsize=100_000)
def _neighbours(previous: frozenset[str], found: frozenset[str]) -> frozenset[str]:
    """Concepts two neighbouring words add beyond the first one's: "digital" + "post"."""
    return _combined(previous | found, replace=False) - previous


@dataclass(frozen=True)
class TextProfile:
    concepts: dict[str, float]  # concept id -> weight
    residue: dict[str, float]  # unknown word -> weight


def _add(target: dict[str, float], key: str, weight: float) -> None:
    if weight > target.get(key, 0.0):
        target[key] = weight


def _profile_field(text: str, field_weight: float, concepts: dict, residue: dict) -> None:
    previous: frozenset[str] = frozenset()
    for token in _TOKEN.findall(fold(text)):
        for found, rest in _token(token):
            for concept in _neighbours(previous, found) if previous else found:
                weight = _WEIGHT[concept] * field_weight
                _add(concepts, concept, weight)
                if concept in lexicon.BROADER:
                    _add(concepts, lexicon.BROADER[concept], weight * BROADER_WEIGHT)
            for word in rest:
                _add(residue, word, RESIDUAL_WEIGHT * field_weight)
            previous = found


def profile(title: str, description: str) -> TextProfile:
    concepts: dict[str, float] = {}
    residue: dict[str, float] = {}
    _profile_field(title, 1.0, concepts, residue)
    _profile_field(description or "", DESCRIPTION_WEIGHT, concepts, residue)
    return TextProfile({c: w for c, w in concepts.items() if w > 0}, residue)


# Feature numbers are derived from the features themselves (concepts in lexicon order,
# then trigrams by their letters), so every run orders and sums them the same way.
_ALPHABET = {ch: k for k, ch in enumerate("#abcdefghijklmnopqrstuvwxyz0123456789")}
_CONCEPT_NUMBER = {concept: k for k, concept in enumerate(lexicon.CONCEPTS)}
FIRST_TRIGRAM = len(_CONCEPT_NUMBER)


@lru_cache(maxsize=200_000)
def _trigram_numbers(word: str) -> tuple[int, ...]:
    padded = f"#{word}#"
    grams = {padded[k : k + 3] for k in range(len(padded) - 2)}
    size = len(_ALPHABET)
    return tuple(
        sorted(FIRST_TRIGRAM + (_ALPHABET[a] * size + _ALPHABET[b]) * size + _ALPHABET[c] for a, b, c in grams)
    )


def vector(text: TextProfile) -> dict[int, float]:
    """Feature number -> weight: concepts, and trigrams of the words the lexicon does not know."""
    features = {_CONCEPT_NUMBER[concept]: weight for concept, weight in text.concepts.items()}
    for word, weight in text.residue.items():
        grams = _trigram_numbers(word)
        share = weight / len(grams) ** 0.5  # a word weighs the same however long it is
        for gram in grams:
            if share > features.get(gram, 0.0):
                features[gram] = share
    return features


def concept_label(concept: str) -> str:
    return lexicon.CONCEPTS[concept][0]
