"""Every user-facing string is translated into Norwegian bokmål and Swedish.

The strings are extracted from the sources with the project's own ``babel.cfg``,
so a new ``_()`` without a translation fails here rather than in front of a user.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = ROOT / "platform" / "translations"
# %(name)s and, in plural forms, the count's %(num)d.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _catalogue(lang: str):
    with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


def _source_strings() -> set[str]:
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


def _forms(text) -> tuple[str, ...]:
    """A message's text, or its singular and plural forms."""
    return (text,) if isinstance(text, str) else tuple(text)


@pytest.mark.parametrize("lang", ["nb", "sv"])
def test_every_source_string_has_a_translation(lang):
    translated = {_forms(m.id)[0] for m in _catalogue(lang) if m.id and all(_forms(m.string)) and not m.fuzzy}
    assert sorted(_source_strings() - translated) == []


@pytest.mark.parametrize("lang", ["nb", "sv"])
def test_translations_keep_the_placeholders(lang):
    """Each form of a translation has the English text's named placeholders and no others; a plural's
    singular may write the count as a word ("ett förslag") instead of %(num)d."""
    changed = []
    for m in _catalogue(lang):
        wanted = {p for form in _forms(m.id) for p in PLACEHOLDER.findall(form)}
        named = {p for p in wanted if p.endswith("s")}
        found = [set(PLACEHOLDER.findall(form)) for form in _forms(m.string)]
        if m.id and any(f - wanted or named - f for f in found):
            changed.append(_forms(m.id)[0])
    assert changed == []
