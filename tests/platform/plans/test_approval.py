"""Council approval through the services: the rule ('all', 'majority'), who may vote, and read-only decided plans."""

from __future__ import annotations

import threading

import pytest

from samverka.platform.core.errors import Forbidden
from samverka.platform.core.extensions import db
from samverka.platform.needs.services.access import Refused
from samverka.platform.plans.models import ActionPlan, PlanItem, PlanVote
from samverka.platform.plans.services import approval, items, settings
from tests.platform.plans.factories import ITEM, YEAR, empty_plan, make_plan
from tests.platform.plans.support import acting, chief_of, seven_members
from tests.support import services
from tests.support.api import count_rows
from tests.support.waiting import lock_waiters, wait_until

HIGH = "idporten-loa-high"


@pytest.fixture
def region(app, tenant_a):
    """Region A with seven members, a chief executive for each, and a submitted plan."""
    members = seven_members(app, tenant_a)
    chiefs = {
        name: (
            tenant_a.people["chief"]
            if tenant_id == tenant_a.tenant_id
            else chief_of(app, tenant_id, f"chief_{tenant_id}", f"9{tenant_id:010d}")
        )
        for name, tenant_id in members.items()
    }
    plan = make_plan(app, tenant_a, submit=True, participant_ids=sorted(members.values()))
    return {"members": members, "chiefs": chiefs, "plan_id": plan.plan_id, "item_id": plan.item_id}


def _rule(app, world, rule: str) -> None:
    with acting(app, world.people["coordinator"]) as principal:
        settings.save_settings(
            db.session, principal, world.region_id, cost_method="mix", equal_percent=30, approval_rule=rule
        )
        db.session.commit()


def _vote(app, person, plan_id: int, decision: str, comment: str = "") -> None:
    with acting(app, person) as principal:
        plan = db.session.get(ActionPlan, plan_id)
        approval.vote(db.session, principal, plan, decision=decision, comment=comment, acr=HIGH)
        db.session.commit()


def _status(app, plan_id: int) -> tuple[str, bool]:
    with acting(app, None):
        plan = db.session.get(ActionPlan, plan_id)
        return plan.status, plan.decided_at is not None


def test_rule_all_approves_when_the_last_member_approves(app, tenant_a, region):
    names = sorted(region["chiefs"])
    for name in names[:-1]:
        _vote(app, region["chiefs"][name], region["plan_id"], "approve", f"{name} sier ja")
        assert _status(app, region["plan_id"]) == ("submitted", False)
    _vote(app, region["chiefs"][names[-1]], region["plan_id"], "approve")
    assert _status(app, region["plan_id"]) == ("approved", True)
    with acting(app, tenant_a.people["coordinator"]):
        votes = db.session.get(ActionPlan, region["plan_id"]).votes
        assert len(votes) == 7 and {v.acr for v in votes} == {HIGH}
        assert {v.comment for v in votes} >= {"Kongsberg sier ja"}


def test_rule_all_rejects_at_the_first_rejection(app, tenant_a, region):
    _vote(app, region["chiefs"]["Tinn"], region["plan_id"], "approve")
    _vote(app, region["chiefs"]["Rollag"], region["plan_id"], "reject", "For dyrt for oss")
    assert _status(app, region["plan_id"]) == ("rejected", True)


def test_majority_approves_at_four_of_seven(app, tenant_a, region):
    _rule(app, tenant_a, "majority")
    chiefs = [region["chiefs"][n] for n in ("Kongsberg", "Notodden", "Tinn", "Rollag")]
    _vote(app, region["chiefs"]["Hjartdal"], region["plan_id"], "reject")
    for chief in chiefs[:3]:
        _vote(app, chief, region["plan_id"], "approve")
    assert _status(app, region["plan_id"]) == ("submitted", False)  # 3 of 7 is not a majority
    _vote(app, chiefs[3], region["plan_id"], "approve")
    assert _status(app, region["plan_id"]) == ("approved", True)


def test_majority_rejects_once_a_majority_is_out_of_reach(app, tenant_a, region):
    _rule(app, tenant_a, "majority")
    for name in ("Kongsberg", "Notodden", "Tinn"):
        _vote(app, region["chiefs"][name], region["plan_id"], "reject")
    assert _status(app, region["plan_id"]) == ("submitted", False)  # 4 may still approve
    _vote(app, region["chiefs"]["Rollag"], region["plan_id"], "reject")
    assert _status(app, region["plan_id"]) == ("rejected", True)


def test_outcome_rule_table():
    assert approval.outcome("all", 2, 2, 0) == "approved"
    assert approval.outcome("all", 2, 1, 0) is None
    assert approval.outcome("all", 2, 1, 1) == "rejected"
    assert approval.outcome("majority", 4, 2, 0) is None  # 2 of 4 is not more than half
    assert approval.outcome("majority", 4, 3, 1) == "approved"
    assert approval.outcome("majority", 4, 1, 2) == "rejected"  # at most 2 of 4 can still approve
    assert approval.outcome("majority", 1, 0, 0) is None


@pytest.mark.parametrize("who", ["coordinator", "it", "partner"])
def test_only_a_members_chief_executive_may_vote(app, tenant_a, region, who):
    before = count_rows(app, PlanVote)
    with acting(app, tenant_a.people[who]) as principal, pytest.raises(Forbidden) as refused:
        approval.vote(
            db.session,
            principal,
            db.session.get(ActionPlan, region["plan_id"]),
            decision="approve",
            comment="",
            acr=HIGH,
        )
    assert "chief executive of a member" in str(refused.value.args[0])
    assert count_rows(app, PlanVote) == before and _status(app, region["plan_id"]) == ("submitted", False)


def test_a_chief_executive_of_a_non_member_may_not_vote(app, tenant_a, tenant_b, region):
    with acting(app, tenant_b.people["chief"]):
        # Region B's chief executive cannot even see region A's plan.
        assert db.session.get(ActionPlan, region["plan_id"]) is None
    with acting(app, None):
        plan = db.session.get(ActionPlan, region["plan_id"])
        db.session.expunge(plan)
    with acting(app, tenant_b.people["chief"]) as principal, pytest.raises(Forbidden):
        approval.vote(db.session, principal, plan, decision="approve", comment="", acr=HIGH)
    assert count_rows(app, PlanVote) == 0


def test_a_second_vote_from_the_same_municipality_is_refused(app, tenant_a, region):
    _vote(app, region["chiefs"]["Kongsberg"], region["plan_id"], "approve")
    with pytest.raises(Refused) as refused:
        _vote(app, region["chiefs"]["Kongsberg"], region["plan_id"], "reject")
    assert "Kongsberg has already voted" in str(refused.value.errors["decision"][0])
    assert count_rows(app, PlanVote) == 1


def test_votes_are_closed_on_an_approved_or_draft_plan(app, tenant_a, region):
    for name in region["chiefs"]:
        _vote(app, region["chiefs"][name], region["plan_id"], "approve")
    late = chief_of(app, region["members"]["Tinn"], "late_chief", "91234567890")
    with pytest.raises(Refused) as refused:
        _vote(app, late, region["plan_id"], "reject")
    assert str(refused.value.errors["decision"][0]) == "Votes are closed: the plan is approved."
    draft_id = empty_plan(app, tenant_a, year=YEAR + 1)
    with pytest.raises(Refused) as refused:
        _vote(app, region["chiefs"]["Kongsberg"], draft_id, "approve")
    assert str(refused.value.errors["decision"][0]) == (
        "Votes are closed: the plan has not been submitted for approval."
    )
    assert count_rows(app, PlanVote) == 7 and _status(app, region["plan_id"]) == ("approved", True)
    assert _status(app, draft_id) == ("draft", False)


def test_an_approved_plan_is_read_only_and_takes_items_only_outside_the_plan(app, tenant_a, region):
    for name in region["chiefs"]:
        _vote(app, region["chiefs"][name], region["plan_id"], "approve")
    with acting(app, tenant_a.people["coordinator"]) as principal:
        plan = db.session.get(ActionPlan, region["plan_id"])
        item = db.session.get(PlanItem, region["item_id"])
        for change in (
            lambda: items.update_item(
                db.session, principal, item, **{**ITEM, "title": "Nytt navn", "participant_ids": [tenant_a.tenant_id]}
            ),
            lambda: items.delete_item(db.session, principal, item),
            lambda: items.add_item(db.session, principal, plan, participant_ids=[tenant_a.tenant_id], **ITEM),
            lambda: approval.submit(db.session, principal, plan),
        ):
            with pytest.raises(Refused) as refused:
                change()
            assert str(refused.value.errors["status"][0]) == (
                "The approved plan is read-only: make a new version to change it."
            )
        outside = items.add_item(
            db.session,
            principal,
            plan,
            outside_plan=True,
            participant_ids=[tenant_a.tenant_id, tenant_a.other_tenant_id],
            **{**ITEM, "title": "Velferdsteknologi", "one_off_cost_minor": 1001},
        )
        db.session.commit()
        assert (outside.outside_plan, outside.budget_source) == (True, "own")
        assert sum(s.one_off_minor for s in outside.shares) == 1001 and len(outside.shares) == 2
        assert db.session.get(PlanItem, region["item_id"]).title == ITEM["title"]


def test_a_new_version_of_a_public_plan_is_public(app, tenant_a, region):
    for name in region["chiefs"]:
        _vote(app, region["chiefs"][name], region["plan_id"], "approve")
    with acting(app, tenant_a.people["coordinator"]) as principal:
        first = db.session.get(ActionPlan, region["plan_id"])
        first.public = True
        assert approval.new_version(db.session, principal, first).public is True


def test_new_version_copies_the_items_and_supersedes_on_approval(app, tenant_a, region):
    for name in region["chiefs"]:
        _vote(app, region["chiefs"][name], region["plan_id"], "approve")
    with acting(app, tenant_a.people["coordinator"]) as principal:
        first = db.session.get(ActionPlan, region["plan_id"])
        second = approval.new_version(db.session, principal, first)
        db.session.commit()
        assert (second.version, second.status, second.previous_version_id) == (2, "draft", first.id)
        assert second.public is False  # as the first version
        assert [i.title for i in second.items] == [ITEM["title"]]
        assert sorted(second.items[0].participant_ids) == sorted(region["members"].values())
        assert sum(s.annual_minor for s in second.items[0].shares) == ITEM["annual_cost_minor"]
        with pytest.raises(Refused):
            approval.new_version(db.session, principal, first)  # only from the latest version
        approval.submit(db.session, principal, second)
        db.session.commit()
        second_id = second.id
    for name in region["chiefs"]:
        _vote(app, region["chiefs"][name], second_id, "approve")
    assert _status(app, region["plan_id"])[0] == "superseded"
    assert _status(app, second_id) == ("approved", True)


def test_submitting_needs_an_item_and_a_draft(app, tenant_a):
    plan_id = empty_plan(app, tenant_a)
    with acting(app, tenant_a.people["coordinator"]) as principal:
        with pytest.raises(Refused) as refused:
            approval.submit(db.session, principal, db.session.get(ActionPlan, plan_id))
        assert "items" in refused.value.errors
    assert _status(app, plan_id) == ("draft", False)
    with acting(app, None):
        assert db.session.get(ActionPlan, plan_id).year == YEAR


@pytest.mark.committed
@pytest.mark.postgres
def test_the_last_two_votes_cast_at_once_still_approve_the_plan(app, tenant_a, region):
    """The second of two simultaneous last votes waits for the first to commit, so neither counts without the
    other. The first holds its transaction open on purpose. Two locks serialise them: the plan row's (taken for
    this) and the audit chain head's (every audited write takes it), so this fails only if both go."""
    names = sorted(region["chiefs"])
    for name in names[:-2]:
        _vote(app, region["chiefs"][name], region["plan_id"], "approve")
    first_voted, second_starting, second_done, errors = threading.Event(), threading.Event(), threading.Event(), []

    def first(person) -> None:
        with acting(app, person) as principal, lock_waiters(services.superuser_url()) as waiting_for_a_lock:
            approval.vote(
                db.session,
                principal,
                db.session.get(ActionPlan, region["plan_id"]),
                decision="approve",
                comment="",
                acr=HIGH,
            )
            first_voted.set()
            second_starting.wait(timeout=30)
            # The second vote is being counted now: it waits for this one's locks, or (without them) is done.
            wait_until(lambda: second_done.is_set() or waiting_for_a_lock(), what="the second vote waits or is done")
            db.session.commit()

    def second(person) -> None:
        first_voted.wait(timeout=30)
        second_starting.set()
        try:
            _vote(app, person, region["plan_id"], "approve")
        finally:
            second_done.set()

    threads = [
        threading.Thread(target=_reporting(errors, run), args=(region["chiefs"][name],))
        for run, name in zip((first, second), names[-2:])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert _status(app, region["plan_id"]) == ("approved", True)
    assert count_rows(app, PlanVote) == 7


def _reporting(errors: list, run):
    def wrapped(person) -> None:
        try:
            run(person)
        except Exception as exc:
            errors.append(exc)

    return wrapped
