"""A list's needs read as plain values, not ORM objects: only the columns the list shows, one query for them.

A list page shows a few columns of each need; the API shows every field of ``NeedSchema``, with the need's
CPV codes and the regions it was submitted to (each read for the whole page in one query, not one query per
relation and need). Whether a need's benefit plan has a line is read with its columns. Every query goes
through the session, so the tenancy guard filters the codes and submissions as it filters the needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Select, bindparam, exists, inspect, null, select, union_all
from sqlalchemy.orm import Bundle, Session

from samverka.platform.core.pagination import Page
from samverka.platform.needs.models import BenefitLine, BenefitPlan, Need, NeedCpvCode, NeedSubmission
from samverka.platform.needs.models.need import NeedFacts
from samverka.platform.needs.schemas import NeedSchema
from samverka.tenants.models import Tenant


class ListedNeed(NeedFacts):
    """One need of a list: its columns as attributes (named as on ``Need``), and what the list reads beside them."""

    def __init__(self, values: Mapping) -> None:
        self.__dict__.update(values)
        self.cpv_codes: list[str] = []
        self.submitted_region_ids: list[int] = []


class _Listed(Bundle):
    """Columns read as one ``ListedNeed`` per row, so that ``paginate`` can page them like an entity."""

    def create_row_processor(self, query, procs, labels):
        def make(row) -> ListedNeed:
            return ListedNeed({label: proc(row) for label, proc in zip(labels, procs)})

        return make


def _has_benefit_line():
    plan_line = BenefitLine.plan_id == BenefitPlan.id
    return exists().where(BenefitPlan.need_id == Need.id, plan_line).label("has_benefit_line")


def _tenant_name():
    return select(Tenant.name).where(Tenant.id == Need.tenant_id).scalar_subquery().label("tenant_name")


_IDS = bindparam("ids", expanding=True)


@dataclass(frozen=True)
class Shown:
    """What a list shows of each need: ``columns`` (with whether its plan has a line), and for the API its
    CPV codes and the regions it was submitted to."""

    columns: _Listed
    relations: bool = False

    @cached_property
    def by_ids(self) -> Select:
        """The statement of a page of ids (``ids``), built once per list rather than for each request."""
        return select(self.columns).where(Need.id.in_(_IDS))


_TABLE = ("id", "title", "kind", "category", "desired_start", "one_off_cost_minor", "annual_cost_minor", "currency")
_TABLE_COLUMNS = (*(getattr(Need, name) for name in (*_TABLE, "status")), _has_benefit_line())
# A page's table: the need's link and kind, category, desired start, costs and status (marked if it lacks a plan).
FOR_PAGE = Shown(_Listed("need", *_TABLE_COLUMNS))
# The region's page names each need's municipality too.
FOR_REGION_PAGE = Shown(_Listed("need", *_TABLE_COLUMNS, _tenant_name()))
# Every column ``NeedSchema`` dumps (its other fields are computed from them), and the relations it lists.
_API_COLUMNS = [getattr(Need, c.key) for c in inspect(Need).column_attrs if c.key in NeedSchema().dump_fields]
FOR_API = Shown(_Listed("need", *_API_COLUMNS, _has_benefit_line()), relations=True)


def of_ids(session: Session, ids: Page[int], shown: Shown) -> Page[ListedNeed]:
    """The needs of a page of ids, in its order, as ``shown`` reads them."""
    if not ids.items:
        return Page([], ids.next_after)
    found = {row.id: row for row in session.scalars(shown.by_ids, {"ids": ids.items})}
    return Page([found[need_id] for need_id in ids.items if need_id in found], ids.next_after)


def _relations():
    """The codes and the submissions of the needs ``ids`` (a parameter) in one query, the submissions in the
    order made."""
    codes = (NeedCpvCode.need_id, NeedCpvCode.code, null().label("region_id"), null().label("at"))
    submitted = (NeedSubmission.need_id, null(), NeedSubmission.region_id, NeedSubmission.submitted_at)
    both = union_all(
        select(*codes).where(NeedCpvCode.need_id.in_(_IDS)), select(*submitted).where(NeedSubmission.need_id.in_(_IDS))
    )
    return both.order_by(both.selected_columns.at)


_RELATIONS = _relations()  # built once: only the ids change from one page to the next


def completed(session: Session, page: Page[ListedNeed], shown: Shown) -> Page[ListedNeed]:
    """The page's needs with their codes and the regions they were submitted to, if ``shown`` lists them.

    The guard filters both halves of the query as it does the need's own relations: a region's staff see
    the submissions to their region only.
    """
    needs = {need.id: need for need in page}
    if not (shown.relations and needs):
        return page
    for need_id, code, region_id, _at in session.execute(_RELATIONS, {"ids": list(needs)}):
        if code is not None:
            needs[need_id].cpv_codes.append(code)
        else:
            needs[need_id].submitted_region_ids.append(region_id)
    for need in page:
        need.cpv_codes.sort()
    return page
