"""What the thresholds are called and what reaching each one means, in the user's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samverka.platform.core.money import money

KIND_LABELS = {
    ("NO", "national"): _l("National threshold"),
    ("NO", "eu_goods_services"): _l("EEA threshold for goods and services (municipalities)"),
    ("NO", "eu_works"): _l("EEA threshold for building and construction works"),
    ("SE", "direct_award"): _l("Direct award limit"),
    ("SE", "eu_goods_services"): _l("EU threshold for goods and services (municipalities)"),
    ("SE", "eu_works"): _l("EU threshold for building and construction works"),
}
REACHED_NOTICES = {
    ("NO", "national"): _l(
        "Together you reach the national threshold (%(amount)s): the procurement must be announced in Doffin."
    ),
    ("NO", "eu_goods_services"): _l(
        "Together you cross the EEA threshold (%(amount)s): the procurement must be "
        "announced in the whole EEA (Doffin and TED)."
    ),
    ("SE", "direct_award"): _l(
        "Together you exceed the direct award limit (%(amount)s): the procurement cannot be "
        "directly awarded and must be advertised."
    ),
    ("SE", "eu_goods_services"): _l(
        "Together you cross the EU threshold (%(amount)s): the procurement must be advertised in the whole EU (TED)."
    ),
}
WORKS_NOTICE = _l(
    "The value reaches the threshold for building and construction works (%(amount)s); it applies "
    "only if the contract is for works."
)


def kind_label(country: str, kind: str) -> str:
    return str(KIND_LABELS.get((country, kind), kind))


def reached_notice(check) -> str:
    """The sentence that tells participants what reaching ``check`` obliges them to do."""
    template = REACHED_NOTICES.get((check.country, check.kind), WORKS_NOTICE)
    return str(template) % {"amount": money(check.amount_minor, check.currency)}


def template_context() -> dict:
    return {"threshold_kind_label": kind_label, "threshold_notice": reached_notice}
