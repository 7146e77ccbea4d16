"""Lists are read a page at a time: every row once, in order, however the pages fall; a bad cursor is refused."""

from __future__ import annotations

from samverka.platform.core.extensions import db
from samverka.platform.core.pagination import decode_cursor, encode_cursor
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.needs.services import needs
from tests.platform.needs.support import NEED_FIELDS
from tests.support.api import assert_error_shape, signed_in
from tests.support.login import sign_in

SYSTEM = Principal.system("test: needs to page through")


def _needs(app, tenant_id: int, count: int) -> None:
    with app.app_context():
        bind_principal(db.session, SYSTEM)
        for number in range(count):
            needs.create_need(db.session, SYSTEM, tenant_id, **{**NEED_FIELDS, "title": f"Behov {number:02d}"})
        db.session.commit()


def _follow(api, path: str) -> tuple[list[str], int]:
    titles, pages = [], 0
    while path:
        response = api.get(path)
        assert response.status_code == 200
        titles += [need["title"] for need in response.get_json()]
        pages += 1
        link = response.headers.get("Link", "")
        path = link[link.index("<") + 1 : link.index(">")].replace("http://localhost", "") if link else None
    return titles, pages


def test_the_api_pages_through_every_row_once_in_order(app, client, tenant_a):
    _needs(app, tenant_a.tenant_id, 7)
    api = signed_in(client, tenant_a.people["it"])
    titles, pages = _follow(api, f"/api/v1/tenants/{tenant_a.tenant_id}/needs?size=3")
    assert pages == 3
    assert titles == [f"Behov {n:02d}" for n in reversed(range(7))]


def test_a_page_shows_the_way_to_the_next(app, client, tenant_a):
    _needs(app, tenant_a.tenant_id, 3)
    sign_in(client, tenant_a.people["it"])
    first = client.get(f"/tenants/{tenant_a.tenant_id}/needs?size=2").get_data(as_text=True)
    assert 'rel="next"' in first and "Behov 02" in first and "Behov 00" not in first
    last = client.get(f"/tenants/{tenant_a.tenant_id}/needs?size=5").get_data(as_text=True)
    assert 'rel="next"' not in last and "Behov 00" in last


def test_a_forged_cursor_or_size_is_refused_and_shows_nothing(app, client, tenant_a):
    _needs(app, tenant_a.tenant_id, 2)
    api = signed_in(client, tenant_a.people["it"])
    path = f"/api/v1/tenants/{tenant_a.tenant_id}/needs"
    forged = ("?after=not-a-cursor!", f"?after={encode_cursor(['x'])}", f"?after={encode_cursor(['x', 'y'])}")
    for query in (*forged, "?size=0", "?size=100000"):
        body = assert_error_shape(api.get(path + query), 422)
        assert "Behov" not in str(body)


def test_a_cursor_keeps_dates_and_numbers_as_they_were():
    from datetime import date, datetime

    values = [datetime(2027, 1, 2, 3, 4, 5, 6), date(2027, 6, 30), 42, "Kongsberg"]
    assert list(decode_cursor(encode_cursor(values))) == values
