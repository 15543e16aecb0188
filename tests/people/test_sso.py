"""Single sign-on through OpenID Connect signs in people who already have an account,
matched by an e-mail address the identity provider has verified; it never creates one.

The identity provider's HTTP is not ours: each test builds what the provider would have
answered with the provider's own ``sociallogin_from_response`` and hands it to allauth's
``complete_social_login``, the step the callback view runs after talking to the provider.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils import translation

from lms.people.models import User
from lms.people.roles import ADMINISTRATOR
from tests.factories import LearnerFactory, UserFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.django_db

PROVIDER_ID = "company"


@pytest.fixture(autouse=True)
def _language_restored():
    """Logging in activates the person's language for the rest of the thread."""
    language = translation.get_language()
    yield
    translation.activate(language)


@pytest.fixture(autouse=True)
def company_sso(settings):
    """The provider as lms/settings/base.py builds it from OIDC_* environment variables."""
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": "Alder & Finch account",
                    "client_id": "academy",
                    "secret": "not-a-real-secret",
                    "settings": {"server_url": "https://id.alder-finch.example"},
                }
            ],
        }
    }


def _callback_request(rf):
    """A request as the provider's callback receives it: anonymous, with a session."""
    request = rf.get(f"/en/accounts/oidc/{PROVIDER_ID}/login/callback/")
    SessionMiddleware(lambda request: None).process_request(request)
    MessageMiddleware(lambda request: None).process_request(request)
    request.user = AnonymousUser()
    return request


def _sign_on(rf, *, email, email_verified=True, uid="idp-user-1"):
    """Complete a provider login for the given identity; returns (request, response)."""
    request = _callback_request(rf)
    with context.request_context(request):
        provider = get_adapter(request).get_provider(request, PROVIDER_ID)
        userinfo = {"sub": uid, "email": email, "email_verified": email_verified, "name": "X"}
        sociallogin = provider.sociallogin_from_response(
            request, {"userinfo": userinfo, "id_token": userinfo}
        )
        sociallogin.state = {"process": AuthProcess.LOGIN}
        response = complete_social_login(request, sociallogin)
    return request, response


def _signed_in_as(request):
    user_id = request.session.get(SESSION_KEY)
    return User.objects.filter(pk=user_id).first() if user_id else None


def _verified(person):
    """The person's address as accepting an invitation leaves it: verified and primary."""
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    return person


def test_login_page_offers_the_company_provider(client):
    page = client.get("/en/accounts/login/").content.decode()
    assert "Alder &amp; Finch account" in page
    assert f"/en/accounts/oidc/{PROVIDER_ID}/login/" in page


def test_login_page_offers_no_provider_when_none_is_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    page = client.get("/en/accounts/login/").content.decode()
    assert "/accounts/oidc/" not in page


def test_existing_person_with_a_verified_address_is_signed_in_and_connected(rf):
    learner = _verified(LearnerFactory(email="lucia@example.com"))

    request, response = _sign_on(rf, email="lucia@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/en/my-learning/"
    assert _signed_in_as(request) == learner
    account = SocialAccount.objects.get(user=learner)
    assert (account.provider, account.uid) == (PROVIDER_ID, "idp-user-1")
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_connected_person_is_found_by_their_provider_account_next_time(rf):
    learner = _verified(LearnerFactory(email="lucia@example.com"))
    _sign_on(rf, email="lucia@example.com")

    # The provider now reports another address; the connection still identifies her.
    request, _response = _sign_on(rf, email="lucia.new@example.com")

    assert _signed_in_as(request) == learner
    assert SocialAccount.objects.filter(user=learner).count() == 1


def test_address_matches_whatever_its_case(rf):
    learner = _verified(LearnerFactory(email="lucia@example.com"))

    request, _response = _sign_on(rf, email="Lucia@Example.COM")

    assert _signed_in_as(request) == learner


def test_person_whose_address_is_stored_with_capitals_is_found(rf):
    # Imports and invitations keep the address as HR typed it.
    learner = _verified(LearnerFactory(email="Lucia.Bielikova@example.com"))

    request, _response = _sign_on(rf, email="lucia.bielikova@example.com")

    assert _signed_in_as(request) == learner


def test_sign_on_for_an_address_nobody_has_creates_no_account(rf):
    LearnerFactory(email="lucia@example.com")

    request, response = _sign_on(rf, email="stranger@example.com")

    assert _signed_in_as(request) is None
    assert "Sign Up Closed" in response.content.decode()
    assert not User.objects.filter(email="stranger@example.com").exists()
    assert not SocialAccount.objects.exists()


def test_sign_on_stays_closed_when_sign_up_is_open_for_the_domain(rf, settings):
    settings.SIGNUP_EMAIL_DOMAINS = ["example.com"]

    request, response = _sign_on(rf, email="stranger@example.com")

    assert _signed_in_as(request) is None
    assert not User.objects.filter(email="stranger@example.com").exists()
    assert "Sign Up Closed" in response.content.decode()


def test_unverified_address_does_not_sign_in_the_matching_person(rf):
    learner = _verified(LearnerFactory(email="lucia@example.com"))

    request, _response = _sign_on(rf, email="lucia@example.com", email_verified=False)

    assert _signed_in_as(request) is None
    assert not SocialAccount.objects.exists()
    assert not User.objects.exclude(pk=learner.pk).exists()
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_inactive_person_is_not_signed_in(rf):
    _verified(LearnerFactory(email="lucia@example.com", is_active=False))

    request, response = _sign_on(rf, email="lucia@example.com")

    assert _signed_in_as(request) is None
    assert response["Location"] == "/en/accounts/inactive/"


def test_sign_on_does_not_skip_the_second_factor(rf):
    administrator = _verified(UserFactory(email="admin@example.com", roles=[ADMINISTRATOR]))

    request, response = _sign_on(rf, email=administrator.email)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert _signed_in_as(request) is None


def test_first_sign_on_ends_the_password_of_an_address_nobody_verified(rf):
    # allauth's guard against an account pre-registered with someone else's address:
    # when the matched address was never verified here, the password stops working.
    learner = LearnerFactory(email="lucia@example.com")

    request, _response = _sign_on(rf, email="lucia@example.com")

    assert _signed_in_as(request) == learner
    learner.refresh_from_db()
    assert not learner.has_usable_password()
