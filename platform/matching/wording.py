"""A proposal's reasons in the reader's language (the engine's codes and parameters, in words)."""

from __future__ import annotations

from functools import cache

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from samverka.platform.cpv import services as cpv
from samverka.platform.matching.concepts import CONCEPT_LABELS

CATEGORIES = {
    "software_licences": _l("software and licences"),
    "business_systems": _l("business systems"),
    "it_hardware": _l("IT hardware"),
    "welfare_technology": _l("welfare technology"),
    "it_as_a_service": _l("IT as a service"),
    "it_consultants": _l("IT consultants"),
    "telecom": _l("telecom"),
    "other_it": _l("other IT"),
}


# Each phrase takes the page's ``PageGettext`` as ``_`` (so that the messages are still extracted as such),
# which looks each message and label up once for all the page's proposals.


def _replace(p: dict, _: PageGettext) -> str:
    if p.get("solution"):
        return _("%(count)s municipalities replace %(solution)s", count=p.get("count", 2), solution=p["solution"])
    return _("%(count)s municipalities replace an existing solution", count=p.get("count", 2))


def _similar(p: dict, _: PageGettext) -> str:
    # The shared concepts by name in the page's language; a reason stored before they were kept by id
    # has only the lexicon's English names.
    concepts = p.get("concepts") or []
    terms = [_.label(CONCEPT_LABELS[c]) for c in concepts if c in CONCEPT_LABELS] or p.get("terms")
    if terms:
        return _("similar descriptions (%(terms)s)", terms=", ".join(terms))
    return _("similar descriptions")


def _cpv(p: dict, _: PageGettext) -> str:
    """The shared code with its check digit and its label as the page's language shows it (search.label)."""
    shown = cpv.label(p["cpv"], _.locale)
    if shown is None:  # a shared prefix that is not itself a listed code
        return _("CPV %(cpv)s", cpv=p["cpv"])
    return _("CPV %(cpv)s (%(label)s)", cpv=cpv.display(p["cpv"]), label=shown.text)


def _category(p: dict, _: PageGettext) -> str:
    category = CATEGORIES.get(p["category"])
    return _("same category: %(category)s", category=_.label(category) if category else p["category"])


_PHRASES = {
    "both_replace": _replace,
    "same_solution": lambda p, _: _("same current solution: %(solution)s", solution=p["solution"]),
    "same_supplier": lambda p, _: _("same current supplier: %(supplier)s", supplier=p["supplier"]),
    "timing": lambda p, _: _("compatible timing: needed by %(quarter)s", quarter=p["quarter"]),
    "cpv_overlap": _cpv,
    "same_category": _category,
    "similar_text": _similar,
    "initiative_overlap": lambda p, _: _("includes an initiative reported for information: avoid duplicate work"),
}


class PageGettext:
    """gettext for one page's many reasons: each message and each label is looked up once, in the language
    the page is in; a message's values are put in for every reason. Flask-Babel finds the request's catalogue
    anew for every string and every lazy label (about 10 µs each), and a page of 20 proposals has about a
    hundred reasons."""

    def __init__(self):
        self._patterns = cache(gettext)  # without values, gettext answers the translated pattern itself
        self._labels: dict[int, str] = {}  # by the lazy label's identity: its hash would translate it each time
        self.locale = str(get_locale())

    def __call__(self, message: str, **values) -> str:
        pattern = self._patterns(message)
        return pattern % values if values else pattern

    def label(self, lazy) -> str:
        found = self._labels.get(id(lazy))
        if found is None:
            found = self._labels[id(lazy)] = str(lazy)
        return found


def reason_text(reason: dict, translate: PageGettext | None = None) -> str:
    translate = translate or PageGettext()
    phrase = _PHRASES.get(reason["code"])
    return phrase(reason["params"], translate) if phrase else reason["code"]


def reasons_sentence(reasons: list[dict], translate: PageGettext | None = None) -> str:
    translate = translate or PageGettext()
    return "; ".join(reason_text(r, translate) for r in reasons)


# The grounds a municipality may see for its neighbours' similar plans, without their details.
GROUNDS = {
    "both_replace": _l("replacing an existing solution"),
    "same_solution": _l("the same current solution"),
    "same_supplier": _l("the same current supplier"),
    "timing": _l("compatible timing"),
    "cpv_overlap": _l("related CPV codes"),
    "same_category": _l("the same category"),
    "similar_text": _l("similar descriptions"),
    "initiative_overlap": _l("a related initiative"),
}


def grounds_text(codes) -> str:
    return ", ".join(str(GROUNDS[c]) for c in codes if c in GROUNDS)
