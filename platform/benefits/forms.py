"""The follow-up page's forms: what each field asks for when it must be fixed, and typed numbers read."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from marshmallow import pre_load

from samverka.platform.benefits.schemas import LineSettingsSchema, MeasurementInSchema
from samverka.platform.core.money import SPACES
from samverka.platform.core.schemas import TypedDate

MEASUREMENT_FORM = {
    "period_start": _l("Choose the period measured."),
    "amount": _l("Enter a number, e.g. 25 000 or 12,5."),
    "score": _l("Choose a score from 1 to 5."),
    "comment": _l("Write at most 2000 characters."),
    "measured_by": _l("Enter who measured it, at most 120 characters on one line."),
}
SETTINGS_FORM = {
    "follow_up_period": _l("Choose quarterly, half-yearly or yearly."),
    "value_kind": _l("Choose money, hours, a count or the scale."),
}
DROP_FORM = {"dropped_reason": _l("Say why the benefit line is dropped, in at most 500 characters.")}


def _blank_is_none(data: dict, names) -> dict:
    return {name: (None if name in names and value == "" else value) for name, value in data.items()}


class MeasurementForm(MeasurementInSchema):
    period_start = TypedDate(required=True)

    @pre_load
    def _typed(self, data, **kwargs):
        data = _blank_is_none(dict(data), ("amount", "score"))
        if data.get("amount") is not None:
            data["amount"] = SPACES.sub("", data["amount"]).replace(",", ".").replace("−", "-")
        return data


class SettingsForm(LineSettingsSchema):
    @pre_load
    def _typed(self, data, **kwargs):
        return _blank_is_none(dict(data), ("value_kind",))
