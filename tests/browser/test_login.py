"""A learner signs in through the real form, in a real browser, on a phone-sized screen."""

import pytest

from lms.people.roles import LEARNER
from tests.browser.conftest import serious_violations
from tests.factories import LearnerFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.browser


def _log_in(page, base_url, email, password):
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_learner_logs_in_and_sees_my_learning(page, live_site):
    learner = LearnerFactory(full_name="Lucia Bieliková", roles=[LEARNER])
    _log_in(page, live_site.url, learner.email, PASSWORD)
    page.wait_for_url("**/en/my-learning/")
    assert page.get_by_role("heading", level=1).inner_text() == "My learning"
    assert "Lucia Bieliková" in page.content()


def test_learner_lands_in_their_own_language(page, live_site):
    learner = LearnerFactory(preferred_language="ru")
    _log_in(page, live_site.url, learner.email, PASSWORD)
    page.wait_for_url("**/ru/my-learning/")
    assert page.locator("html").get_attribute("lang") == "ru"


def test_wrong_password_shows_a_clear_error(page, live_site):
    learner = LearnerFactory()
    _log_in(page, live_site.url, learner.email, "not-the-password")
    alert = page.get_by_role("alert")
    assert "not correct" in alert.inner_text()
    assert page.url.endswith("/en/accounts/login/")


def test_login_page_passes_axe(page, live_site, axe):
    page.goto(f"{live_site.url}/en/accounts/login/")
    assert serious_violations(axe.run(page)) == []


def test_home_page_passes_axe_and_fits_a_phone(page, live_site, axe):
    page.goto(f"{live_site.url}/en/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert serious_violations(axe.run(page)) == []
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360


def test_my_learning_passes_axe(page, live_site, axe):
    learner = LearnerFactory()
    _log_in(page, live_site.url, learner.email, PASSWORD)
    page.wait_for_url("**/my-learning/")
    assert serious_violations(axe.run(page)) == []
