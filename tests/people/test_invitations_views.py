"""Invitation pages, driven by real requests: the list and form for those who invite, and
the pages where an invited person follows their link or enters their slip code."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from lms.people.invitations import (
    MAX_CODE_ATTEMPTS,
    invitation_create,
    invitation_withdraw,
)
from lms.people.models import Invitation, User
from lms.people.roles import LEARNER, TRAINER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "amber-lantern-harbour-42"
LINK = re.compile(r"https?://[^/\s]+(/\w\w/people/accept/[\w-]+/)")


@pytest.fixture(autouse=True)
def _language_restored():
    """Logging in activates the person's language for the rest of the thread (see the
    account adapter); later tests must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    # allauth counts attempts in the shared Redis cache; other runs must not trip it.
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def invite(actor, store, **fields):
    fields.setdefault("full_name", "Nina Nováková")
    if "employee_number" not in fields:
        fields.setdefault("email", "nina@example.com")
    return invitation_create(actor=actor, home_store=store, **fields)


def new_invitation_form(store, **fields) -> dict:
    data = {
        "full_name": "Nina Nováková",
        "email": "nina@example.com",
        "employee_number": "",
        "home_store": store.pk,
        "job_role": "",
        "preferred_language": "en",
        "hire_date": "",
    }
    data.update(fields)
    return data


def accept_path(mail) -> str:
    """The path of the invitation link in a sent e-mail, as a person would click it."""
    return LINK.search(mail.body).group(1)


def passwords(password=NEW_PASSWORD, again=None) -> dict:
    return {"password1": password, "password2": password if again is None else again}


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- Who may open the pages


def test_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("people:invitation_list"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", [LEARNER, TRAINER])
def test_people_who_do_not_invite_are_refused(client, role):
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("people:invitation_list")).status_code == 403
    assert client.get(reverse("people:invitation_new")).status_code == 403


def test_managers_list_shows_only_their_scope(manager_client, manager, administrator, stores):
    invite(manager, stores["west"], full_name="Mine Person", email="mine@example.com")
    invite(administrator, stores["east"], full_name="Foreign Person", email="foreign@example.com")
    response = manager_client.get(reverse("people:invitation_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mine Person" in content
    assert "Foreign Person" not in content
    assert "<caption" in content
    assert 'scope="col"' in content


def test_list_is_searched_and_filtered_by_status(manager_client, manager, stores):
    invite(manager, stores["west"], full_name="Open Olga", email="olga@example.com")
    withdrawn, _token = invite(
        manager, stores["west"], full_name="Gone Gabi", email="g@example.com"
    )
    invitation_withdraw(invitation=withdrawn, actor=manager)
    url = reverse("people:invitation_list")

    by_status = manager_client.get(url, {"status": "withdrawn"}).content.decode()
    assert "Gone Gabi" in by_status
    assert "Open Olga" not in by_status

    by_name = manager_client.get(url, {"q": "olga"}).content.decode()
    assert "Open Olga" in by_name
    assert "Gone Gabi" not in by_name


def test_list_shows_25_a_page(manager_client, manager, stores):
    for number in range(30):
        invite(manager, stores["west"], full_name=f"Person {number:02}", email=f"p{number}@e.com")
    url = reverse("people:invitation_list")
    first = manager_client.get(url)
    second = manager_client.get(url, {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5


def test_list_runs_the_same_number_of_queries_for_5_or_30_invitations(
    manager_client, manager, stores, django_assert_max_num_queries
):
    for number in range(5):
        invite(manager, stores["west"], full_name=f"Person {number}", email=f"a{number}@e.com")
    url = reverse("people:invitation_list")
    manager_client.get(url)  # Warm the session and the content types.
    with CaptureQueriesContext(connection) as five:
        manager_client.get(url)
    for number in range(25):
        invite(manager, stores["west"], full_name=f"Other {number}", employee_number=f"E{number}")
    with django_assert_max_num_queries(len(five)):
        response = manager_client.get(url)
    assert len(response.context["page"].object_list) == 25


# --- Inviting through the form


def test_managers_form_offers_only_their_stores_and_no_roles(manager_client, stores):
    response = manager_client.get(reverse("people:invitation_new"))
    form = response.context["form"]
    assert set(form.fields["home_store"].queryset) == {stores["west"], stores["west_2"]}
    assert "role" not in form.fields


def test_administrators_form_offers_the_roles(client, administrator, stores):
    client.force_login(administrator)
    form = client.get(reverse("people:invitation_new")).context["form"]
    assert "role" in form.fields
    assert set(form.fields["home_store"].queryset) == set(stores.values())


def test_manager_cannot_invite_into_a_foreign_store_through_the_form(manager_client, stores):
    response = manager_client.post(
        reverse("people:invitation_new"), new_invitation_form(stores["east"])
    )
    assert response.status_code == 200
    assert "home_store" in response.context["form"].errors
    assert not User.objects.filter(email="nina@example.com").exists()


def test_manager_posting_a_role_still_invites_a_learner(manager_client, stores):
    manager_client.post(
        reverse("people:invitation_new"), new_invitation_form(stores["west"], role=TRAINER)
    )
    person = User.objects.get(email="nina@example.com")
    assert set(person.groups.values_list("name", flat=True)) == {LEARNER}


def test_inviting_by_email_sends_the_mail_and_says_so(
    manager_client, stores, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("people:invitation_new"), new_invitation_form(stores["west"]), follow=True
        )
    assert response.redirect_chain[-1][0] == reverse("people:invitation_list")
    assert "nina@example.com" in response.content.decode()
    [mail] = mailoutbox
    assert mail.to == ["nina@example.com"]


def test_inviting_someone_already_invited_shows_the_reason(manager_client, manager, stores):
    invite(manager, stores["west"])
    response = manager_client.post(
        reverse("people:invitation_new"), new_invitation_form(stores["west"])
    )
    assert response.status_code == 200
    assert "invited already" in response.content.decode()
    assert Invitation.objects.count() == 1


# --- The printable slip


def test_slip_shows_the_code_and_qr_once(manager_client, stores, mailoutbox):
    response = manager_client.post(
        reverse("people:invitation_new"),
        new_invitation_form(stores["west"], email="", employee_number="E-1042"),
        follow=True,
    )
    invitation = Invitation.objects.get(person__employee_number="E-1042")
    assert response.redirect_chain[-1][0] == reverse("people:invitation_slip", args=[invitation.pk])
    content = response.content.decode()
    code = response.context["code"]
    assert code in content
    assert "<svg" in content
    assert "data-print-page" in content  # the print button; print styles are in academy.css
    assert "E-1042" in content
    assert "Old Town" in content
    assert mailoutbox == []

    again = manager_client.get(reverse("people:invitation_slip", args=[invitation.pk]))
    assert again.status_code == 200
    assert code not in again.content.decode()
    assert "<svg" not in again.content.decode()
    assert "make a new code" in again.content.decode()


def test_resending_a_slip_makes_a_new_code_to_print(manager_client, manager, stores):
    invitation, old_code = invite(manager, stores["west"], employee_number="E-1042")
    response = manager_client.post(
        reverse("people:invitation_resend", args=[invitation.pk]), follow=True
    )
    new_code = response.context["code"]
    assert new_code != old_code
    assert new_code in response.content.decode()


# --- Resend, withdraw and slip stay inside the scope


@pytest.mark.parametrize("name", ["invitation_resend", "invitation_withdraw", "invitation_slip"])
def test_foreign_invitation_is_not_found(manager_client, administrator, stores, name):
    foreign, _code = invite(administrator, stores["east"], employee_number="E-9")
    method = manager_client.get if name == "invitation_slip" else manager_client.post
    assert method(reverse(f"people:{name}", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.send_count == 1
    assert foreign.withdrawn_at is None


def test_resend_and_withdraw_take_post_only(manager_client, manager, stores):
    invitation, _token = invite(manager, stores["west"])
    assert (
        manager_client.get(reverse("people:invitation_resend", args=[invitation.pk])).status_code
        == 405
    )
    assert (
        manager_client.get(reverse("people:invitation_withdraw", args=[invitation.pk])).status_code
        == 405
    )


def test_manager_cannot_resend_a_trainers_invitation_in_their_store(
    manager_client, administrator, stores
):
    invitation, _token = invite(administrator, stores["west"], role=TRAINER)
    response = manager_client.post(reverse("people:invitation_resend", args=[invitation.pk]))
    assert response.status_code == 403


def test_withdraw_confirms_with_a_message(manager_client, manager, stores):
    invitation, _token = invite(manager, stores["west"])
    response = manager_client.post(
        reverse("people:invitation_withdraw", args=[invitation.pk]), follow=True
    )
    assert "was withdrawn" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None


# --- Following the e-mail link


def test_invitee_follows_the_link_sets_a_password_and_lands_on_my_learning(
    client, manager, stores, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = invite(manager, stores["west"], preferred_language="sk")
    path = accept_path(mailoutbox[0])
    assert path.startswith("/sk/people/accept/")

    page = client.get(path)
    assert page.status_code == 200
    assert '<html lang="sk"' in page.content.decode()

    response = client.post(path, passwords())
    assert response.status_code == 302
    assert response["Location"] == "/sk/my-learning/"
    assert signed_in_user_id(client) == str(invitation.person.pk)
    assert client.get(response["Location"]).status_code == 200
    person = User.objects.get(pk=invitation.person.pk)
    assert person.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.filter(
        user=person, email="nina@example.com", verified=True, primary=True
    ).exists()


def test_link_works_only_once(
    client, manager, stores, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(manager, stores["west"])
    path = accept_path(mailoutbox[0])
    client.post(path, passwords())
    client.logout()

    response = client.get(path)
    assert response.status_code == 410
    assert "has been used" in response.content.decode()
    assert client.post(path, passwords("someone-elses-pass-99")).status_code == 410


def test_expired_link_says_so(
    client, manager, stores, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = invite(manager, stores["west"])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(accept_path(mailoutbox[0]))
    assert response.status_code == 410
    assert "has expired" in response.content.decode()


def test_withdrawn_link_says_so(
    client, manager, stores, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = invite(manager, stores["west"])
    invitation_withdraw(invitation=invitation, actor=manager)
    response = client.get(accept_path(mailoutbox[0]))
    assert response.status_code == 410
    assert "was withdrawn" in response.content.decode()


def test_resend_invalidates_the_old_link(
    manager_client, client, manager, stores, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = invite(manager, stores["west"])
        manager_client.post(reverse("people:invitation_resend", args=[invitation.pk]))
    old, new = (accept_path(mail) for mail in mailoutbox)
    manager_client.logout()

    response = client.get(old)
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert client.get(new).status_code == 200


def test_unknown_link_is_not_found(client):
    with translation.override("en"):
        path = reverse("people:invitation_accept", kwargs={"token": "not-a-real-token"})
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("short", "short", "too short"),
        ("password123", "password123", "too common"),
        ("83917264519", "83917264519", "entirely numeric"),
        (NEW_PASSWORD, "something-else-entirely", "fields didn\u2019t match"),
    ],
)
def test_password_validators_apply(
    client,
    manager,
    stores,
    mailoutbox,
    django_capture_on_commit_callbacks,
    password,
    again,
    message,
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = invite(manager, stores["west"])
    response = client.post(accept_path(mailoutbox[0]), passwords(password, again))
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    assert 'role="alert"' in content
    assert signed_in_user_id(client) is None
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# --- Activating with a slip


def activate(client, employee_number, code, **extra):
    return client.post(
        reverse("people:invitation_activate"),
        {"employee_number": employee_number, "code": code},
        **extra,
    )


def test_qr_link_fills_in_the_number_and_code(client, manager, stores):
    _invitation, code = invite(manager, stores["west"], employee_number="E-1042")
    response = client.get(
        reverse("people:invitation_activate"), {"employee_number": "E-1042", "code": code}
    )
    content = response.content.decode()
    assert 'value="E-1042"' in content
    assert f'value="{code}"' in content


def test_slip_code_activates_the_account_once(client, manager, stores):
    invitation, code = invite(
        manager, stores["west"], employee_number="E-1042", preferred_language="ro"
    )
    response = activate(client, "E-1042", code)
    assert response["Location"] == reverse("people:invitation_activate_password")

    response = client.post(response["Location"], passwords())
    assert response["Location"] == "/ro/my-learning/"
    assert signed_in_user_id(client) == str(invitation.person.pk)

    client.logout()
    again = activate(client, "E-1042", code)
    assert again.status_code == 200
    assert "used already" in again.content.decode()
    assert "_auth_user_id" not in client.session


def test_sixth_code_is_refused_even_when_right(client, manager, stores):
    _invitation, code = invite(manager, stores["west"], employee_number="E-1042")
    for _attempt in range(MAX_CODE_ATTEMPTS):
        wrong = activate(client, "E-1042", "AAAA-AAAA-AA")
        assert wrong.status_code == 200
    response = activate(client, "E-1042", code)
    assert response.status_code == 200
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("people:invitation_activate_password")).status_code == 302


def test_password_step_needs_a_right_code_first(client):
    response = client.get(reverse("people:invitation_activate_password"))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:invitation_activate")


def test_a_new_slip_ends_the_step_begun_with_the_old_code(client, manager, stores):
    invitation, code = invite(manager, stores["west"], employee_number="E-1042")
    activate(client, "E-1042", code)
    manager_client = type(client)()
    manager_client.force_login(manager)
    manager_client.post(reverse("people:invitation_resend", args=[invitation.pk]))

    response = client.post(reverse("people:invitation_activate_password"), passwords())
    assert response.status_code == 302
    assert response["Location"] == reverse("people:invitation_activate")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.fixture
def login_rate_limit(settings):
    """allauth's failed-login limit, tight, for an address no other test uses."""
    address = "203.0.113.77"
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    ratelimit.clear(request, action="login_failed")
    yield address
    ratelimit.clear(request, action="login_failed")


def test_code_attempts_are_rate_limited_by_address(client, manager, stores, login_rate_limit):
    for number in range(3):
        invite(manager, stores["west"], full_name=f"Slip {number}", employee_number=f"E-{number}")
    for number in range(3):
        assert (
            activate(
                client, f"E-{number}", "AAAA-AAAA-AA", REMOTE_ADDR=login_rate_limit
            ).status_code
            == 200
        )
    response = activate(client, "E-0", "AAAA-AAAA-AA", REMOTE_ADDR=login_rate_limit)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
