"""A document's media type is read from its content: never from its name."""

from __future__ import annotations

import pytest

from samverka.platform.documents import sniffing
from tests.platform.documents import support


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (support.PDF, sniffing.PDF),
        (support.docx(), sniffing.DOCX),
        (support.xlsx(), sniffing.XLSX),
        (support.odt(), sniffing.ODT),
        (support.PNG, sniffing.PNG),
        (support.JPEG, sniffing.JPEG),
        (support.TEXT, sniffing.TEXT),
    ],
)
def test_each_accepted_format_is_known_by_its_content(content, expected):
    assert sniffing.media_type(content) == expected


@pytest.mark.parametrize(
    "content",
    [support.HTML, b"  <svg onload=x>", support.plain_zip(), b"PK\x03\x04broken", b"\x00\x01\x02binary", b"\xff\xfe"],
)
def test_markup_archives_and_binaries_are_none_of_them(content):
    assert sniffing.media_type(content) is None
