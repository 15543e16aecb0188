"""An Administrator reaches the Wagtail admin on a phone through the site's one login,
with the code from their authenticator app."""

import pytest

from lms.people.roles import ADMINISTRATOR
from tests.factories import UserFactory
from tests.factories.people import PASSWORD, totp_code

pytestmark = pytest.mark.browser


def _open_admin_and_give_password(page, base_url, person):
    page.goto(f"{base_url}/admin/")
    page.wait_for_url("**/en/accounts/login/?next=/admin/")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/en/accounts/2fa/authenticate/")
    assert page.get_by_role("heading", level=1).inner_text() == "Two-Factor Authentication"


def test_administrator_opens_the_admin_logs_in_with_the_code_and_sees_the_dashboard(
    page, live_site
):
    administrator = UserFactory(roles=[ADMINISTRATOR], full_name="Ada Administrator")
    _open_admin_and_give_password(page, live_site.url, administrator)

    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Sign In").click()

    page.wait_for_url(f"{live_site.url}/admin/")
    assert page.title().startswith("Dashboard")
    assert page.get_by_role("heading", level=1).inner_text() == "Service Standards Academy"


def test_wrong_code_keeps_the_administrator_out(page, live_site):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    _open_admin_and_give_password(page, live_site.url, administrator)

    wrong = f"{(int(totp_code()) + 1) % 1_000_000:06d}"
    page.get_by_label("Code").fill(wrong)
    page.get_by_role("button", name="Sign In").click()

    assert page.get_by_role("alert").is_visible()
    assert page.get_by_text("Incorrect code.").is_visible()
    assert page.url.endswith("/en/accounts/2fa/authenticate/")
    page.goto(f"{live_site.url}/admin/")
    page.wait_for_url("**/en/accounts/login/?next=/admin/")
