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
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _catalogue(lang: str):
    with open(CATALOGUES / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


def _source_strings() -> set[str]:
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found = extract_from_dir(str(ROOT), method_map, options_map, keywords=keywords)
    return {message if isinstance(message, str) else message[0] for _, _, message, _, _ in found}


@pytest.mark.parametrize("lang", ["nb", "sv"])
def test_every_source_string_has_a_translation(lang):
    translated = {m.id for m in _catalogue(lang) if m.id and m.string and not m.fuzzy}
    assert sorted(_source_strings() - translated) == []


@pytest.mark.parametrize("lang", ["nb", "sv"])
def test_translations_keep_the_placeholders(lang):
    changed = [
        m.id for m in _catalogue(lang) if m.id and set(PLACEHOLDER.findall(m.id)) != set(PLACEHOLDER.findall(m.string))
    ]
    assert changed == []
