"""Two-factor authentication: the roles that hold other people's data must set up an
authenticator app before anything else, and a password alone never signs them in.

A TOTP code is accepted once per person and period (allauth remembers used codes), so a
test that needs two codes uses two people.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.utils import translation

from lms.people.models import User
from lms.people.roles import ADMINISTRATOR, HEAD_TRAINER, MANAGER, TRAINER
from tests.factories import LearnerFactory, UserFactory
from tests.factories.people import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

LOGIN_URL = "/en/accounts/login/"
AUTHENTICATE_URL = "/en/accounts/2fa/authenticate/"
ACTIVATE_URL = "/en/accounts/2fa/totp/activate/"
REAUTHENTICATE_URL = "/en/accounts/reauthenticate/"
MY_LEARNING_URL = "/en/my-learning/"
NEEDS_TWO_FACTOR = "Your role needs two-factor authentication. Set up an authenticator app first."
SECRET_FIELD = re.compile(r'<input[^>]*id="authenticator_secret"[^>]*value="([A-Z2-7]+)"')


@pytest.fixture(autouse=True)
def _language_restored():
    """Logging in activates the person's language for the rest of the thread."""
    language = translation.get_language()
    yield
    translation.activate(language)


def _log_in(client, person, **extra):
    return client.post(LOGIN_URL, {"login": person.email, "password": PASSWORD, **extra})


def _logged_in_user(client):
    user_id = client.session.get(SESSION_KEY)
    return User.objects.filter(pk=user_id).first() if user_id else None


def _open_activation(client):
    """Open the set-up page; allauth first asks for the password again (a login does not
    count as a recent re-authentication for two-factor changes)."""
    response = client.get(ACTIVATE_URL)
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{REAUTHENTICATE_URL}?next=%2Fen%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    assert client.get(response["Location"]).status_code == 200
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == ACTIVATE_URL
    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200
    return page


def _wrong_code() -> str:
    return f"{(int(totp_code()) + 1) % 1_000_000:06d}"


# --- Setting up two-factor is required for some roles --------------------------------

REQUIRED = [
    pytest.param({"roles": [MANAGER]}, id="manager"),
    pytest.param({"roles": [HEAD_TRAINER]}, id="head-trainer"),
    pytest.param({"roles": [ADMINISTRATOR]}, id="administrator"),
    pytest.param({"is_superuser": True}, id="superuser"),
]


@pytest.mark.parametrize("kind", REQUIRED)
def test_role_without_an_authenticator_is_sent_to_set_one_up_from_every_page(client, kind):
    person = UserFactory(two_factor=False, **kind)
    response = _log_in(client, person)
    assert _logged_in_user(client) == person

    for url in (response["Location"], MY_LEARNING_URL, "/admin/", "/en/accounts/profile/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == ACTIVATE_URL, url

    # The reason is shown on the next page the person sees.
    page = client.get(MY_LEARNING_URL, follow=True)
    assert page.redirect_chain[0] == (ACTIVATE_URL, 302)
    assert NEEDS_TWO_FACTOR in [str(message) for message in page.context["messages"]]
    _open_activation(client)


def test_person_who_must_set_up_two_factor_may_still_switch_language(client):
    manager = UserFactory(roles=[MANAGER], two_factor=False)
    _log_in(client, manager)

    response = client.post("/i18n/setlang/", {"language": "sk", "next": "/sk/my-learning/"})

    assert response.status_code == 302
    assert response["Location"] == "/sk/my-learning/"
    manager.refresh_from_db()
    assert manager.preferred_language == "sk"
    # The next page is still the set-up, now in Slovak.
    assert client.get("/sk/my-learning/")["Location"] == "/sk/accounts/2fa/totp/activate/"


def test_person_who_must_set_up_two_factor_may_still_log_out(client):
    manager = UserFactory(roles=[MANAGER], two_factor=False)
    _log_in(client, manager)

    assert client.get("/en/accounts/logout/").status_code == 200
    response = client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert _logged_in_user(client) is None


def test_activating_an_authenticator_through_the_form_lets_the_person_in(client):
    manager = UserFactory(roles=[MANAGER], two_factor=False)
    _log_in(client, manager)

    page = _open_activation(client).content.decode()
    secret = SECRET_FIELD.search(page).group(1)
    assert client.session["mfa.totp.secret"] == secret

    response = client.post(ACTIVATE_URL, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/recovery-codes/"
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()
    assert client.get(response["Location"]).status_code == 200
    assert client.get(MY_LEARNING_URL).status_code == 200
    assert client.get("/en/accounts/profile/").status_code == 200


def test_activation_refuses_a_code_from_another_secret(client):
    manager = UserFactory(roles=[MANAGER], two_factor=False)
    _log_in(client, manager)
    _open_activation(client)

    response = client.post(ACTIVATE_URL, {"code": totp_code()})  # the factories' secret

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=manager).exists()
    assert client.get(MY_LEARNING_URL)["Location"] == ACTIVATE_URL


def test_removing_the_authenticator_sends_the_person_back_to_set_up(client):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    _log_in(client, administrator)
    client.post(AUTHENTICATE_URL, {"code": totp_code()})
    assert client.get(MY_LEARNING_URL).status_code == 200

    Authenticator.objects.filter(user=administrator).delete()

    assert client.get(MY_LEARNING_URL)["Location"] == ACTIVATE_URL


@pytest.mark.parametrize("role", [None, TRAINER])
def test_learners_and_trainers_are_never_forced(client, role):
    person = LearnerFactory() if role is None else UserFactory(roles=[role])
    _log_in(client, person)

    for url in (MY_LEARNING_URL, "/en/accounts/profile/", "/en/accounts/email/"):
        assert client.get(url).status_code == 200, url
    assert not Authenticator.objects.filter(user=person).exists()


# --- Logging in with a second factor ---------------------------------------------------


def test_password_alone_does_not_log_in_a_person_with_two_factor(client):
    administrator = UserFactory(roles=[ADMINISTRATOR])

    response = _log_in(client, administrator)

    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE_URL
    assert _logged_in_user(client) is None
    assert client.get("/admin/")["Location"] == f"{LOGIN_URL}?next=/admin/"
    assert client.get(MY_LEARNING_URL)["Location"] == f"{LOGIN_URL}?next={MY_LEARNING_URL}"
    assert client.get(AUTHENTICATE_URL).status_code == 200


@pytest.mark.parametrize("role", [MANAGER, HEAD_TRAINER, ADMINISTRATOR])
def test_right_code_logs_the_person_in(client, role):
    person = UserFactory(roles=[role])
    _log_in(client, person)

    response = client.post(AUTHENTICATE_URL, {"code": totp_code()})

    assert response.status_code == 302
    assert response["Location"] == MY_LEARNING_URL
    assert _logged_in_user(client) == person
    assert client.get(MY_LEARNING_URL).status_code == 200


def test_wrong_code_is_refused(client):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    _log_in(client, administrator)

    response = client.post(AUTHENTICATE_URL, {"code": _wrong_code()})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert _logged_in_user(client) is None
    assert client.get("/admin/").status_code == 302


def test_a_code_is_accepted_only_once(client):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    code = totp_code()
    _log_in(client, administrator)
    client.post(AUTHENTICATE_URL, {"code": code})
    assert _logged_in_user(client) == administrator

    other_browser = Client()
    _log_in(other_browser, administrator)
    response = other_browser.post(AUTHENTICATE_URL, {"code": code})

    assert "Incorrect code." in response.content.decode()
    assert _logged_in_user(other_browser) is None


def test_recovery_code_works_as_the_second_factor_once(client):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    recovery_code = RecoveryCodes.activate(administrator).generate_codes()[0]
    _log_in(client, administrator, next="/admin/")

    response = client.post(AUTHENTICATE_URL, {"code": recovery_code})

    assert response["Location"] == "/admin/"
    assert _logged_in_user(client) == administrator
    assert client.get("/admin/").status_code == 200

    other_browser = Client()
    _log_in(other_browser, administrator)
    response = other_browser.post(AUTHENTICATE_URL, {"code": recovery_code})
    assert "Incorrect code." in response.content.decode()
    assert _logged_in_user(other_browser) is None


def test_abandoned_second_step_leaves_the_person_logged_out(client):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    _log_in(client, administrator)

    client.get("/en/")  # the person walks away from the code page

    assert _logged_in_user(client) is None
    assert client.get("/admin/").status_code == 302
