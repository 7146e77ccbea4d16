"""A person at the browser: one browser profile per persona, the menu, buttons, messages and the step-up.

The routine's steps (``tests/browser/routine.py``) are written with these, so that each reads as what the
person does on the pages: open the menu, follow a link, fill in a form by its labels, press a button.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import Locator, Page

from tests.browser.eid_browser import log_in_at_provider, sign_in
from tests.browser.pages import use_language
from tests.support.login import HIGH_LEVEL
from tests.support.world import Person

LANGUAGE = "en"  # the pages' English labels are what the steps look for
TIMEOUT_MS = 15_000


@dataclass
class Desk:
    """The browser and the app under test, and whoever sits at the browser now (a profile of their own)."""

    browser: object
    live_server: str
    person: Person | None = None
    page: Page | None = None
    _context: object = field(default=None, repr=False)

    def sign_in_as(self, person: Person) -> Page:
        """A fresh browser profile for ``person`` (no cookie of the one before), signed in through e-ID; the
        person already at the browser goes on from their overview."""
        if self.person == person:
            self.page.goto("/")
            return self.page
        self.close()
        self._context = self.browser.new_context(base_url=self.live_server)
        self._context.set_default_timeout(TIMEOUT_MS)
        self.page = self._context.new_page()
        use_language(self.page, self.live_server, LANGUAGE)
        sign_in(self.page, self.live_server, person)
        self.person = person
        return self.page

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
        self._context, self.page, self.person = None, None, None


def press(page: Page, control: Locator) -> None:
    """Activate a link or a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        control.click()


def open_menu(page: Page, item: str) -> None:
    """The main menu's item ``item``; on a narrow screen the menu opens first."""
    menu = page.get_by_role("navigation", name="Main menu")
    if not menu.is_visible():
        page.locator("summary.site-menu__toggle").click()
    press(page, menu.get_by_role("link", name=item, exact=True))


def follow(page: Page, link: str, within: Locator | None = None) -> None:
    press(page, (within or page).get_by_role("link", name=link, exact=True))


def button(page: Page | Locator, name: str) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def assert_told(page: Page, message: str) -> None:
    """The message the app flashed after a change: the person is told it was made."""
    said = page.locator(".notices").inner_text()
    assert message in said, f"expected {message!r}; the page says {said!r} at {page.url}"


def assert_heading(page: Page, text: str) -> None:
    heading = page.get_by_role("heading", level=1)
    assert text in heading.inner_text(), f"expected the page {text!r}, got {heading.inner_text()!r} at {page.url}"


def step_up_if_asked(desk: Desk, act) -> bool:
    """Do ``act`` (a press that navigates); when the app asks for e-ID at level high first, the person signs in
    there at that level and comes back. Whether it asked: the first action at level high in a session does."""
    act()
    if desk.page.url.startswith(desk.live_server):
        return False
    log_in_at_provider(desk.page, desk.live_server, desk.person.pid, HIGH_LEVEL)
    return True


def submit_at_level_high(desk: Desk, control: Locator) -> bool:
    """Send a form whose action asks for e-ID at level high (the step-up). The form comes back as typed after
    the e-ID sign-in, and the person sends it again. Whether the app asked for the step-up."""
    stepped_up = step_up_if_asked(desk, lambda: press(desk.page, control))
    if stepped_up:
        assert_told(desk.page, "You signed in with e-ID at level high. Check what you entered and send it.")
        press(desk.page, control)
    return stepped_up
