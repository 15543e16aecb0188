"""The account pages pass axe and fit a 360 px phone without scrolling sideways."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from lms.people.roles import ADMINISTRATOR
from tests.browser.conftest import fits_screen, serious_violations
from tests.factories import LearnerFactory, StoreFactory, UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.browser

SIGNED_IN_PAGES = [
    pytest.param("/en/accounts/profile/", id="profile"),
    pytest.param("/en/accounts/email/", id="email"),
    pytest.param("/en/accounts/password/change/", id="password-change"),
    pytest.param("/en/accounts/2fa/", id="two-factor-index"),
]


def _signed_in_with_password(page, base_url, person):
    """Log in through the real form (outside the browser) and hand the browser the session.

    A real login, not force_login: allauth then knows how the person signed in.
    """
    client = Client()
    response = client.post("/en/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    name = django_settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base_url}])


def _assert_accessible_and_fits(page, axe):
    assert page.get_by_role("heading", level=1).is_visible()
    assert serious_violations(axe.run(page)) == []
    assert fits_screen(page)


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_account_page_passes_axe_and_fits_a_phone(page, live_site, axe, path):
    learner = LearnerFactory(
        full_name="Lucia Bieliková",
        employee_number="BA-01-0042",
        home_store=StoreFactory(name="Bratislava Old Town"),
    )
    _signed_in_with_password(page, live_site.url, learner)

    page.goto(f"{live_site.url}{path}")

    assert page.url == f"{live_site.url}{path}"
    _assert_accessible_and_fits(page, axe)


def test_authenticator_activation_passes_axe_and_fits_a_phone(page, live_site, axe):
    learner = LearnerFactory()
    _signed_in_with_password(page, live_site.url, learner)

    page.goto(f"{live_site.url}/en/accounts/2fa/totp/activate/")
    # allauth asks for the password again before two-factor changes.
    page.wait_for_url("**/en/accounts/reauthenticate/**")
    _assert_accessible_and_fits(page, axe)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_url("**/en/accounts/2fa/totp/activate/")
    _assert_accessible_and_fits(page, axe)


def test_password_reset_passes_axe_and_fits_a_phone(page, live_site, axe):
    page.goto(f"{live_site.url}/en/accounts/password/reset/")
    _assert_accessible_and_fits(page, axe)


def test_code_page_passes_axe_and_fits_a_phone(page, live_site, axe):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    page.goto(f"{live_site.url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(administrator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.wait_for_url("**/en/accounts/2fa/authenticate/")
    _assert_accessible_and_fits(page, axe)
