"""Inviting a whole store at once: everyone who cannot sign in yet and was never invited."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lms.people.invitations import (
    invitation_create,
    invitation_withdraw,
    people_awaiting_invitation,
)
from lms.people.models import Invitation
from lms.people.services import user_create
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

BULK_URL = "/en/people/invitations/bulk/"


def imported(store, name, *, email=None, number=None):
    """A person as the staff import leaves them: an account with no usable password."""
    return user_create(
        full_name=name, email=email, employee_number=number, home_store=store, roles=["Learner"]
    )


@pytest.fixture
def new_store(stores):
    return {
        "anna": imported(stores["west"], "Anna Horváthová", email="anna@example.com"),
        "boris": imported(stores["west"], "Boris Kim", email="boris@example.com"),
        "cholpon": imported(stores["west"], "Cholpon Asanova", number="W-0007"),
        "east": imported(stores["east"], "Erlan East", email="erlan@example.com"),
    }


def test_awaiting_means_no_password_and_never_invited(manager, stores, new_store, administrator):
    invitation_create(
        actor=administrator,
        full_name="Boris Kim",
        email="boris@example.com",
        home_store=stores["west"],
    )
    signed_in = LearnerFactory(home_store=stores["west"])
    signed_in.password = make_password("x")
    signed_in.save()

    awaiting = set(people_awaiting_invitation(manager))

    assert awaiting == {new_store["anna"], new_store["cholpon"]}


def test_a_withdrawn_invitation_can_be_made_again(manager, stores, new_store, administrator):
    invitation, _secret = invitation_create(
        actor=administrator, full_name="Anna", email="anna@example.com", home_store=stores["west"]
    )
    invitation_withdraw(invitation=invitation, actor=administrator)

    assert new_store["anna"] in people_awaiting_invitation(manager)


def test_manager_invites_their_store_in_one_go(
    client, manager, new_store, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    page = client.get(BULK_URL)
    assert set(page.context["people"]) == {new_store[k] for k in ("anna", "boris", "cholpon")}

    chosen = [new_store[k].pk for k in ("anna", "boris", "cholpon")]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(BULK_URL, {"person": chosen})

    assert Invitation.objects.filter(person__pk__in=chosen).count() == 3
    assert sorted(mail.to[0] for mail in mailoutbox) == ["anna@example.com", "boris@example.com"]
    slip = Invitation.objects.get(person=new_store["cholpon"])
    assert slip.channel == Invitation.Channel.SLIP
    assert response.url == reverse("people:invitation_slips") + f"?ids={slip.pk}"

    slips = client.get(response.url).content.decode()
    assert "Cholpon Asanova" in slips and "W-0007" in slips
    assert "<svg" in slips
    assert re.search(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}", slips)

    again = client.get(response.url).content.decode()
    assert "W-0007" not in again  # each code is shown once only


def test_a_person_outside_the_managers_scope_is_not_invited(client, manager, new_store):
    client.force_login(manager)
    client.post(BULK_URL, {"person": [new_store["east"].pk, new_store["anna"].pk]})

    assert not Invitation.objects.filter(person=new_store["east"]).exists()
    assert Invitation.objects.filter(person=new_store["anna"]).exists()


def test_learners_cannot_open_the_page(client, stores):
    client.force_login(LearnerFactory(home_store=stores["west"]))
    assert client.get(BULK_URL).status_code == 403


def test_page_queries_do_not_grow_with_the_store(client, manager, stores):
    client.force_login(manager)
    client.get(BULK_URL)  # the first request of a session does one-off work

    def queries_for(people):
        for number in range(people):
            imported(stores["west"], f"Person {number}", email=f"p{people}-{number}@example.com")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(BULK_URL)
        return len(queries), len(response.context["people"])

    few, shown_few = queries_for(3)
    many, shown_many = queries_for(30)
    assert (shown_few, shown_many) == (3, 33)
    assert many == few
