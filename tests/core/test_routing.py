"""Row links built once for a list page write the path url_for writes for each row, under any prefix."""

from __future__ import annotations

from flask import url_for

from samverka.platform.core.routing import id_links
from samverka.platform.core.schemas import MAX_ID


def test_a_row_link_is_the_path_url_for_writes_for_that_id(app):
    for root in ("", "/samverka-1", "/2147483647"):
        with app.test_request_context("/", base_url=f"http://localhost{root}/"):
            link = id_links("needs.need", "need_id")
            for need_id in (1, 10, 2147, MAX_ID):
                assert link(need_id) == url_for("needs.need", need_id=need_id)
            assert link(7) == f"{root}/needs/7"
