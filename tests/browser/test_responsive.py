"""Every page, as every role, on a phone (390 x 844) and a laptop (1280 x 800): nothing scrolls
sideways, and on the phone the header with its (closed) menu takes at most a fifth of the screen."""

from __future__ import annotations

import pytest

from tests.browser.eid_browser import sign_in
from tests.browser.pages import (
    PERSONAS,
    Visit,
    content_of_a,
    invitation_path,
    person_for,
    public_pages,
    role_pages,
    sign_in_level,
    use_language,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("chromium_path")]

PHONE, LAPTOP = (390, 844), (1280, 800)
# Norwegian: its compound words are among the longest the pages show.
LANGUAGE = "nb"

# The widest elements that stick out past the viewport, each one whose parent does not stick out as
# far: the element to fix, not the ancestors it widens.
OVERFLOW_JS = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const right = el => el.getBoundingClientRect().right;
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const culprits = [...document.body.querySelectorAll('*')]
    .filter(el => right(el) > width + 1 && !(el.parentElement && right(el.parentElement) >= right(el) - 1))
    .sort((a, b) => right(b) - right(a))
    .slice(0, 3)
    .map(el => `${name(el)} (right edge ${Math.round(right(el))}px) "${el.textContent.trim().slice(0, 60)}"`);
  return {scrollWidth: document.documentElement.scrollWidth, width, culprits};
}
"""
HEADER_JS = "() => document.querySelector('.site-header').getBoundingClientRect().height"


def check_page(page, visit: Visit, viewport: tuple[int, int], problems: list[str], heights: list[float]) -> None:
    response = page.goto(visit.path)
    if response is None or response.status != visit.status:
        problems.append(f"{visit.path}: HTTP {response.status if response else 'no response'}, not {visit.status}")
        return
    where = f"{visit.path} at {viewport[0]}px"
    wide = page.evaluate(OVERFLOW_JS)
    if wide:
        problems.append(f"{where} scrolls sideways ({wide['scrollWidth']}px > {wide['width']}px): {wide['culprits']}")
    if viewport == PHONE:
        height = page.evaluate(HEADER_JS)
        heights.append(height)
        if height > PHONE[1] / 5:
            problems.append(f"{where}: the header is {height:.0f}px high, more than a fifth of {PHONE[1]}px")


def check_pages(page, live_server: str, visits: list[Visit], who: str) -> None:
    use_language(page, live_server, LANGUAGE)
    problems: list[str] = []
    heights: list[float] = []
    # Designsystemet's icons are data: URIs in CSS masks; a CSP that refused them would say so here.
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    for viewport in (PHONE, LAPTOP):
        page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        for visit in visits:
            check_page(page, visit, viewport, problems, heights)
    limit = PHONE[1] / 5
    print(f"\n{who}: header at {PHONE[0]}px is {min(heights):.0f}-{max(heights):.0f}px high (limit {limit:.0f}px)")
    assert not problems, f"{who}:\n" + "\n".join(problems)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_of_a_role_scrolls_sideways(page, live_server, app, world, persona):
    content = content_of_a(app, world)
    sign_in(page, live_server, person_for(world, persona), sign_in_level(persona))
    check_pages(page, live_server, role_pages(world, persona, content), persona)


def test_no_page_before_sign_in_scrolls_sideways(page, live_server, app, world):
    check_pages(page, live_server, public_pages(invitation_path(app, world)), "signed out")


@pytest.mark.parametrize("persona", ["coordinator", "it"])
def test_menu_is_on_one_row_at_1280(page, live_server, world, persona):
    """The region's and the municipality's staff have the longest menus; on a laptop each is one row,
    shown without opening anything."""
    sign_in(page, live_server, world[0].people[persona])
    page.set_viewport_size({"width": LAPTOP[0], "height": LAPTOP[1]})
    for lang in ("nb", "sv", "en"):
        use_language(page, live_server, lang)
        page.goto(f"/regions/{world[0].region_id}")
        links = page.locator(".menu a")
        assert links.first.is_visible(), f"the menu is hidden at {LAPTOP[0]}px ({lang})"
        tops = {round(box["y"]) for box in (links.nth(i).bounding_box() for i in range(links.count()))}
        assert len(tops) == 1, f"the menu takes {len(tops)} rows at {LAPTOP[0]}px in {lang}"


def test_menu_opens_on_a_phone_without_script(browser, live_server, world):
    phone = {"width": PHONE[0], "height": PHONE[1]}
    context = browser.new_context(base_url=live_server, java_script_enabled=False, viewport=phone)
    page = context.new_page()
    try:
        sign_in(page, live_server, world[0].people["coordinator"])
        links = page.locator(".menu a")
        assert not links.first.is_visible(), "the menu is open before it is asked for"
        page.locator(".site-menu__toggle").click()
        assert links.first.is_visible() and page.locator(".account__sign-out").is_visible()
    finally:
        context.close()
