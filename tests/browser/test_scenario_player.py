"""A learner plays a role-play scenario to the end on a phone, with the keyboard only."""

import pytest

from tests.browser.conftest import fits_screen, serious_violations
from tests.factories import LearnerFactory
from tests.factories.content import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ScenarioPageFactory,
)
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.browser


def _log_in_with_the_keyboard(page, base_url, email, password):
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/my-learning/")


def _is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def _tab_to(page, locator, limit=40):
    """Press Tab until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _is_focused(locator):
            return
    raise AssertionError(f"Tab never reached {locator}")


def _focused_class(page) -> str:
    return page.evaluate("document.activeElement.className")


@pytest.fixture
def scenario(home_page):
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    page = ScenarioPageFactory(parent=course, title="A broken kettle")
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_learner_plays_a_scenario_to_the_end_with_the_keyboard_on_a_phone(
    page, live_site, axe, scenario
):
    learner = LearnerFactory()
    _log_in_with_the_keyboard(page, live_site.url, learner.email, PASSWORD)

    page.goto(f"{live_site.url}{scenario.get_url()}")
    start = page.get_by_role("button", name="Start")
    _tab_to(page, start)
    page.keyboard.press("Enter")

    # Step 1: focus is on the step; Tab reaches the first reply, Space picks it.
    page.wait_for_url("**/learning/scenario-runs/*/")
    assert "scenario-step" in _focused_class(page)
    replies = page.get_by_role("group", name="What do you say?")
    assert page.get_by_text("This kettle I bought last week has stopped working!").is_visible()
    assert serious_violations(axe.run(page)) == []
    assert fits_screen(page)
    page.keyboard.press("Tab")
    first = replies.get_by_role("radio", name="I am sorry to hear that. Tell me what happened.")
    assert _is_focused(first)
    page.keyboard.press("Space")
    assert first.is_checked()
    page.keyboard.press("Tab")
    assert _is_focused(page.get_by_role("button", name="Give this reply"))
    page.keyboard.press("Enter")

    # The feedback takes the focus, then the next customer line follows.
    page.wait_for_function("document.activeElement.classList.contains('scenario-feedback')")
    feedback = page.get_by_role("region", name="Your reply")
    assert feedback.get_by_text("Feedback on: I am sorry to hear that.").is_visible()
    assert feedback.get_by_text("+2 points").is_visible()
    assert page.get_by_text("It just will not switch on any more.").is_visible()
    assert serious_violations(axe.run(page)) == []

    # Step 2: arrow keys move through the replies; the first one is the remedy.
    page.keyboard.press("Tab")
    replies = page.get_by_role("group", name="What do you say?")
    remedy = replies.get_by_role("radio", name="I can exchange it now or refund you")
    later = replies.get_by_role("radio", name="Come back tomorrow")
    assert _is_focused(remedy)
    page.keyboard.press("ArrowDown")
    assert later.is_checked()
    page.keyboard.press("ArrowUp")
    assert remedy.is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # The summary takes the focus.
    page.wait_for_function("document.activeElement.classList.contains('scenario-summary')")
    summary = page.get_by_role("region", name="Your result")
    assert summary.locator(".scenario-summary__verdict").inner_text().endswith("Passed")
    assert summary.get_by_text(
        "You scored 5 out of a possible 5. The pass score is 3."
    ).is_visible()
    assert summary.get_by_text("The customer leaves satisfied").is_visible()
    assert summary.get_by_role("button", name="Try again").is_visible()
    assert serious_violations(axe.run(page)) == []
    assert fits_screen(page)
