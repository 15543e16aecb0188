"""An invited person follows the e-mail link on a phone; the invitation pages pass axe."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from lms.people.invitations import invitation_create
from lms.people.services import manager_scope_grant
from tests.browser.conftest import fits_screen, serious_violations
from tests.factories import ManagerFactory, StoreFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "amber-lantern-harbour-42"
LINK = re.compile(r"https?://\S+/people/accept/[\w-]+/")


@pytest.fixture
def manager_and_store(live_site):
    store = StoreFactory(name="Old Town")
    manager = ManagerFactory(full_name="Mara Manager")
    manager_scope_grant(manager=manager, unit=store.get_parent())
    return manager, store


def _sign_in(page, base_url, person):
    """Start the browser signed in (logging in is tested in test_login.py)."""
    client = Client()
    client.force_login(person)
    name = django_settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base_url}])


def test_invitee_opens_the_link_sets_a_password_and_lands_on_my_learning(
    page, live_site, manager_and_store, mailoutbox, settings, axe
):
    settings.SITE_URL = live_site.url
    manager, store = manager_and_store
    invitation_create(
        actor=manager, full_name="Nina Nováková", email="nina@example.com", home_store=store
    )
    [mail] = mailoutbox
    link = LINK.search(mail.body).group(0)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Choose your password"
    assert serious_violations(axe.run(page)) == []
    page.get_by_label("Choose a password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Type the password again", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save my password and start").click()

    page.wait_for_url("**/en/my-learning/")
    assert page.get_by_role("heading", level=1).inner_text() == "My learning"
    assert "Nina Nováková" in page.content()
    assert fits_screen(page)


def test_invitation_list_and_form_pass_axe(page, live_site, manager_and_store, axe):
    manager, store = manager_and_store
    invitation_create(
        actor=manager, full_name="Nina Nováková", email="nina@example.com", home_store=store
    )
    invitation_create(
        actor=manager, full_name="Ivan Petrov", employee_number="E-1042", home_store=store
    )
    _sign_in(page, live_site.url, manager)

    page.goto(f"{live_site.url}/en/people/invitations/")
    assert page.get_by_role("heading", level=1).inner_text() == "Invitations"
    assert page.get_by_role("table").is_visible()
    assert serious_violations(axe.run(page)) == []

    page.goto(f"{live_site.url}/en/people/invitations/new/")
    assert serious_violations(axe.run(page)) == []
    # Sending the empty form shows the errors, which must pass too.
    page.get_by_role("button", name="Send the invitation").click()
    assert page.get_by_role("alert").is_visible()
    assert serious_violations(axe.run(page)) == []


def test_slip_activation_pages_pass_axe(page, live_site, axe):
    page.goto(f"{live_site.url}/en/people/activate/")
    assert serious_violations(axe.run(page)) == []
    page.goto(f"{live_site.url}/en/people/accept/not-a-real-token/")
    assert page.get_by_role("heading", level=1).inner_text() == "This invitation link is not valid"
    assert serious_violations(axe.run(page)) == []
