"""The shared page parts (ui/components.html): the markup every page relies on."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string

USE = '{% import "ui/components.html" as ui %}'


@pytest.fixture
def render(app):
    def rendered(source: str, **context) -> str:
        with app.test_request_context("/", headers={"Accept-Language": "en"}):
            return re.sub(r"\s+", " ", render_template_string(USE + source, **context)).strip()

    return rendered


def test_an_alert_has_its_severity_and_heading(render):
    shown = render("{% call ui.alert('warning', 'Due in 24 days') %}<p>Start now</p>{% endcall %}")
    assert shown.startswith('<div class="ds-alert" data-color="warning"> <h2>Due in 24 days</h2> <p>Start now</p>')


@pytest.mark.parametrize(
    ("status", "color"),
    [("approved", "success"), ("awaiting_confirmation", "warning"), ("failed", "danger"), ("draft", "neutral")],
)
def test_statuses_are_tags_coloured_by_what_they_ask(render, status, color):
    shown = render("{{ ui.status_tag(status, 'Label') }}", status=status)
    assert shown == f'<span class="ds-tag" data-color="{color}">Label</span>'


def test_a_destructive_action_asks_before_the_real_submit(render):
    shown = render("{{ ui.destructive('/things/1/delete', 'Delete', 'It is gone for good.', {'id': 7}) }}")
    assert '<form class="destructive" method="post" action="/things/1/delete">' in shown
    assert 'name="csrf_token"' in shown and '<input type="hidden" name="id" value="7">' in shown
    summary, panel = shown.split("</summary>")
    assert '<summary class="ds-button" data-variant="secondary" data-color="danger">Delete' in summary
    assert "submit" not in summary, "the first press must only open the question"
    assert "<p>It is gone for good.</p>" in panel and 'type="submit"' in panel and 'data-color="danger"' in panel


def test_a_plain_button_has_its_weight(render):
    assert render("{{ ui.button('Save', variant='secondary') }}") == (
        '<button type="submit" class="ds-button" data-variant="secondary">Save</button>'
    )


def test_steps_mark_the_current_step_and_those_done(render):
    shown = render("{{ ui.steps([('a', 'Draft'), ('b', 'Submitted'), ('c', 'Joined')], 'b') }}")
    assert '<li class="steps__done"><span class="visually-hidden">Done: </span>Draft</li>' in shown
    assert '<li aria-current="step">Submitted</li>' in shown and "<li>Joined</li>" in shown


def test_a_step_outside_the_routine_marks_none(render):
    shown = render("{{ ui.steps([('a', 'Draft'), ('b', 'Submitted')], 'withdrawn') }}")
    assert "aria-current" not in shown and "steps__done" not in shown


def test_table_head_and_cells_carry_the_column_names(render):
    shown = render("{{ ui.table_head(['Name', ('Cost', 'number')]) }}{% call ui.cell('Name') %}Kongsberg{% endcall %}")
    assert '<th scope="col">Name</th>' in shown and '<th scope="col" class="number">Cost</th>' in shown
    assert '<td data-label="Name">Kongsberg</td>' in shown
