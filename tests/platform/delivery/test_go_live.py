"""Go-live: the coordinator confirms a delivered procurement in operation, from a day not in the future."""

from __future__ import annotations

from datetime import timedelta

from samverka.platform.core.time import local_today
from samverka.platform.delivery.models import GoLive
from samverka.platform.procurements.models import StageChange
from tests.platform.delivery.factories import deliver_now, signed_procurement
from tests.support.api import assert_error_shape, count_rows, field_errors, signed_in
from tests.support.forms import csrf_from


def _delivered(app, world) -> int:
    signed = signed_procurement(app, world)
    deliver_now(app, signed.procurement_id)
    return signed.procurement_id


def test_go_live_before_delivery_is_a_conflict_that_changes_nothing(app, tenant_a):
    signed = signed_procurement(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    before = count_rows(app, StageChange)
    today = local_today("NO").isoformat()
    assert_error_shape(
        api.post(f"/api/v1/procurements/{signed.procurement_id}/go-live", {"in_operation_on": today}), 409
    )
    assert (count_rows(app, GoLive), count_rows(app, StageChange)) == (0, before)


def test_a_go_live_day_in_the_future_is_refused(app, tenant_a):
    procurement_id = _delivered(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    tomorrow = (local_today("NO") + timedelta(days=2)).isoformat()
    errors = field_errors(api.post(f"/api/v1/procurements/{procurement_id}/go-live", {"in_operation_on": tomorrow}))
    assert "in_operation_on" in errors
    assert count_rows(app, GoLive) == 0
    assert api.get(f"/api/v1/procurements/{procurement_id}").get_json()["status"] == "delivered"


def test_the_coordinator_is_asked_and_confirms_go_live_on_the_page(app, tenant_a):
    procurement_id = _delivered(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["coordinator"])
    items = api.get("/api/v1/me/attention").get_json()["items"]
    assert any(
        i["kind"] == "delivery.go_live" and f"/procurements/{procurement_id}/delivery" in i["url"] for i in items
    )
    client = api.client
    page = f"/procurements/{procurement_id}/delivery"
    token = csrf_from(client, page)
    future = client.post(
        f"/procurements/{procurement_id}/go-live", data={"csrf_token": token, "in_operation_on": "01/01/2999"}
    )
    assert future.status_code == 422 and "aria-describedby" in future.get_data(as_text=True)

    done = client.post(
        f"/procurements/{procurement_id}/go-live",
        data={"csrf_token": token, "in_operation_on": local_today("NO").strftime("%d/%m/%Y")},
    )

    assert done.status_code == 302
    assert api.get(f"/api/v1/procurements/{procurement_id}").get_json()["status"] == "in_operation"
    assert count_rows(app, GoLive) == 1
    assert not any(i["kind"] == "delivery.go_live" for i in api.get("/api/v1/me/attention").get_json()["items"])
    again = api.post(f"/api/v1/procurements/{procurement_id}/go-live", {"in_operation_on": "2027-01-01"})
    assert_error_shape(again, 409)


def test_only_who_may_confirm_go_live_does(app, tenant_a):
    procurement_id = _delivered(app, tenant_a)
    api = signed_in(app.test_client(), tenant_a.people["chief"])
    today = local_today("NO").isoformat()
    assert api.post(f"/api/v1/procurements/{procurement_id}/go-live", {"in_operation_on": today}).status_code == 403
    assert count_rows(app, GoLive) == 0
