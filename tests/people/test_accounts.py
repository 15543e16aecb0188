"""Signing in and managing one's own account, through real requests to allauth's pages and
ours: the login, one login for site and admin, throttling, the idle timeout, the account
page, password reset, changing the e-mail address and (closed) sign-up."""

import ast
import os
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from lms.notifications.services import wants_optional_email
from lms.people.models import User
from lms.people.roles import ADMINISTRATOR, LEARNER, MANAGER
from tests.factories import LearnerFactory, StoreFactory, UserFactory
from tests.factories.people import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

LOGIN_URL = "/en/accounts/login/"
MY_LEARNING_URL = "/en/my-learning/"
NEW_PASSWORD = "amber-lantern-harbour-42"
LAST_SEEN_KEY = "academy_last_seen"


@pytest.fixture(autouse=True)
def _language_restored():
    """Logging in activates the person's language for the rest of the thread (see the
    account adapter); later tests must not inherit it."""
    language = translation.get_language()
    yield
    translation.activate(language)


def _log_in(client, login, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": login, "password": password, **extra})


def _logged_in_user(client):
    """The person the client's session belongs to, or None."""
    user_id = client.session.get(SESSION_KEY)
    return User.objects.filter(pk=user_id).first() if user_id else None


def _messages(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


# --- Login ---------------------------------------------------------------------------


def test_person_logs_in_with_their_email_in_any_case():
    learner = LearnerFactory(email="lucia.bielikova@example.com")

    for login in ("lucia.bielikova@example.com", "Lucia.Bielikova@EXAMPLE.com"):
        client = Client()
        response = _log_in(client, login)
        assert response.status_code == 302
        assert response["Location"] == MY_LEARNING_URL
        assert _logged_in_user(client) == learner


def test_person_without_email_logs_in_with_their_employee_number(client):
    learner = LearnerFactory(email=None, employee_number="BA-01-0042")
    response = _log_in(client, "BA-01-0042")
    assert response.status_code == 302
    assert response["Location"] == MY_LEARNING_URL
    assert _logged_in_user(client) == learner
    assert client.get(MY_LEARNING_URL).status_code == 200


def test_wrong_password_shows_allauths_error_and_logs_nobody_in(client):
    learner = LearnerFactory()
    response = _log_in(client, learner.email, "not-the-password")
    assert response.status_code == 200
    assert (
        "The email address and/or password you specified are not correct."
        in response.content.decode()
    )
    assert _logged_in_user(client) is None


def test_wrong_password_with_an_employee_number_shows_the_error_too(client):
    LearnerFactory(email=None, employee_number="BA-01-0043")
    response = _log_in(client, "BA-01-0043", "not-the-password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert _logged_in_user(client) is None


def test_inactive_person_cannot_log_in(client):
    learner = LearnerFactory(is_active=False)
    response = _log_in(client, learner.email)
    assert _logged_in_user(client) is None
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/inactive/"
    assert client.get(MY_LEARNING_URL).status_code == 302


def test_login_starts_a_new_session(client):
    learner = LearnerFactory()
    session = client.session
    session["before_login"] = True
    session.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = session.session_key
    key_before = session.session_key

    _log_in(client, learner.email)

    assert _logged_in_user(client) == learner
    assert client.session.session_key != key_before


def test_logout_by_post_ends_the_session(client):
    learner = LearnerFactory()
    _log_in(client, learner.email)
    session_key = client.session.session_key

    # Opening the logout page only asks; it does not log out.
    assert client.get("/en/accounts/logout/").status_code == 200
    assert _logged_in_user(client) == learner

    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert _logged_in_user(client) is None
    assert client.session.session_key != session_key
    assert client.get(MY_LEARNING_URL)["Location"] == f"{LOGIN_URL}?next={MY_LEARNING_URL}"


# --- One login for the site and the Wagtail admin ------------------------------------


def test_anonymous_visitor_of_the_admin_is_sent_to_the_site_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/"


def test_admin_login_url_redirects_to_the_site_login_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/pages/"


def test_login_does_not_follow_next_to_another_site(client):
    learner = LearnerFactory()
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == f"{LOGIN_URL}?next=https://evil.example/"

    response = _log_in(client, learner.email, next="https://evil.example/")

    assert response.status_code == 302
    assert response["Location"] == MY_LEARNING_URL


def test_posting_credentials_to_the_admin_login_logs_nobody_in(client):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": administrator.email, "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/admin/"
    assert _logged_in_user(client) is None
    assert client.get("/admin/")["Location"] == f"{LOGIN_URL}?next=/admin/"


def test_administrator_reaches_the_admin_after_logging_in_with_two_factor(client):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    response = _log_in(client, administrator.email, next="/admin/")
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_learner_opening_the_admin_sees_the_login_page_with_the_reason(client):
    learner = LearnerFactory()
    _log_in(client, learner.email)

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain == [(f"{LOGIN_URL}?next=/admin/", 302)]
    assert response.status_code == 200
    assert "You do not have permission to access the admin." in _messages(response)
    # Still signed in, still on the login page: no loop back to the admin.
    assert _logged_in_user(client) == learner
    assert response.request["PATH_INFO"] == LOGIN_URL


# --- Throttling ----------------------------------------------------------------------


def _fail_five_times(client, login):
    for _attempt in range(5):
        response = _log_in(client, login, "not-the-password")
        assert "not correct" in response.content.decode()


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client):
    learner = LearnerFactory()
    _fail_five_times(client, learner.email)

    response = _log_in(client, learner.email)

    assert _logged_in_user(client) is None
    assert "Too many failed login attempts. Try again later." in response.content.decode()


def test_the_limit_holds_for_that_account_only(client):
    locked_out, other = LearnerFactory(), LearnerFactory()
    _fail_five_times(client, locked_out.email)

    _log_in(client, other.email)

    assert _logged_in_user(client) == other


def test_failed_logins_are_counted_in_the_shared_cache(client):
    learner = LearnerFactory()
    _log_in(client, learner.email, "not-the-password")

    redis = cache._cache.get_client()
    keys = [key.decode() for key in redis.scan_iter(match=f"{cache.key_prefix}:*")]
    assert any("login_failed" in key for key in keys), keys


def test_the_limit_counts_the_person_not_the_identifier_typed(client):
    # The setting reads "5 per 5 minutes per account": switching from the e-mail to the
    # employee number must not buy another five guesses.
    learner = LearnerFactory(employee_number="BA-01-0042")
    _fail_five_times(client, learner.email)

    response = _log_in(client, "BA-01-0042")

    assert _logged_in_user(client) is None
    assert "Too many failed login attempts" in response.content.decode()


def _production_setting(name, default):
    """A value of lms.settings.production, read in a fresh interpreter as a deployment would."""
    environment = {**os.environ, "SECRET_KEY": "a-long-production-secret-for-this-test-0123456789"}
    code = f"import lms.settings.production as s; print(repr(getattr(s, {name!r}, {default!r})))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return ast.literal_eval(result.stdout.strip())


def test_failed_logins_elsewhere_in_the_company_do_not_lock_a_person_out(settings):
    # In production every request reaches Django from the load balancer's address, with
    # the client's address in X-Forwarded-For. Unless allauth is told to read it, the
    # "10 a minute per address" limit is shared by the whole company.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = _production_setting("ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    for number in range(10):
        colleague = LearnerFactory()
        elsewhere = Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
        _log_in(elsewhere, colleague.email, "not-the-password")

    learner = LearnerFactory()
    client = Client(HTTP_X_FORWARDED_FOR="198.51.100.7")
    _log_in(client, learner.email)

    assert _logged_in_user(client) == learner


def test_the_admin_route_cannot_bypass_the_limit(client):
    administrator = UserFactory(roles=[ADMINISTRATOR])
    _fail_five_times(client, administrator.email)

    response = client.post(
        "/admin/login/", {"username": administrator.email, "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert _logged_in_user(client) is None
    response = _log_in(client, administrator.email)
    assert "Too many failed login attempts" in response.content.decode()
    assert "/2fa/authenticate/" not in response.get("Location", "")


# --- Idle timeout --------------------------------------------------------------------


def _idle_for(client, minutes):
    session = client.session
    session[LAST_SEEN_KEY] = (timezone.now() - timedelta(minutes=minutes)).timestamp()
    session.save()


def _signed_in(client, person):
    client.force_login(person)
    assert client.get(MY_LEARNING_URL).status_code == 200


def test_manager_idle_for_31_minutes_is_logged_out_with_a_message(client):
    manager = UserFactory(roles=[MANAGER])
    _signed_in(client, manager)
    _idle_for(client, 31)

    response = client.get("/en/accounts/profile/")

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/en/accounts/profile/"
    assert _logged_in_user(client) is None
    login_page = client.get(response["Location"])
    assert "You were signed out after 30 minutes without activity." in _messages(login_page)


def test_manager_idle_for_29_minutes_stays_in_and_is_seen_again(client):
    manager = UserFactory(roles=[MANAGER])
    _signed_in(client, manager)
    _idle_for(client, 29)

    assert client.get("/en/accounts/profile/").status_code == 200

    assert _logged_in_user(client) == manager
    assert timezone.now().timestamp() - client.session[LAST_SEEN_KEY] < 60


def test_learner_idle_for_31_minutes_stays_in(client):
    learner = LearnerFactory()
    _signed_in(client, learner)
    _idle_for(client, 31)

    assert client.get(MY_LEARNING_URL).status_code == 200
    assert _logged_in_user(client) == learner


def test_learner_idle_for_481_minutes_is_logged_out(client):
    learner = LearnerFactory()
    _signed_in(client, learner)
    _idle_for(client, 481)

    response = client.get(MY_LEARNING_URL)

    assert response["Location"] == f"{LOGIN_URL}?next={MY_LEARNING_URL}"
    assert _logged_in_user(client) is None
    login_page = client.get(response["Location"])
    assert "You were signed out after 480 minutes without activity." in _messages(login_page)


def test_superuser_gets_the_shorter_timeout(client):
    superuser = UserFactory(is_superuser=True)
    _signed_in(client, superuser)
    _idle_for(client, 31)

    assert client.get(MY_LEARNING_URL).status_code == 302
    assert _logged_in_user(client) is None


def test_changed_timeouts_are_honoured(client, settings):
    settings.SESSION_IDLE_TIMEOUT_PRIVILEGED_MINUTES = 5
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 10

    manager, learner = UserFactory(roles=[MANAGER]), LearnerFactory()
    manager_client, learner_client = Client(), Client()
    _signed_in(manager_client, manager)
    _signed_in(learner_client, learner)

    _idle_for(manager_client, 4)
    _idle_for(learner_client, 9)
    assert manager_client.get(MY_LEARNING_URL).status_code == 200
    assert learner_client.get(MY_LEARNING_URL).status_code == 200

    _idle_for(manager_client, 6)
    _idle_for(learner_client, 11)
    assert manager_client.get(MY_LEARNING_URL).status_code == 302
    assert learner_client.get(MY_LEARNING_URL).status_code == 302
    assert _logged_in_user(manager_client) is None
    assert _logged_in_user(learner_client) is None


# --- The account page ----------------------------------------------------------------


def test_account_page_requires_login(client):
    response = client.get("/en/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/en/accounts/profile/"


def test_account_page_shows_who_the_person_is(client):
    learner = LearnerFactory(
        full_name="Lucia Bieliková",
        email="lucia@example.com",
        employee_number="BA-01-0042",
        home_store=StoreFactory(name="Old Town"),
    )
    client.force_login(learner)

    page = client.get("/en/accounts/profile/").content.decode()

    for fact in ("Lucia Bieliková", "lucia@example.com", "BA-01-0042", "Old Town"):
        assert fact in page


def test_saving_the_account_page_changes_name_language_and_optional_email(client):
    learner = LearnerFactory(full_name="Lucia Bieliková")
    client.force_login(learner)
    assert wants_optional_email(learner)

    response = client.post(
        "/en/accounts/profile/",
        {"full_name": "Lucia Nováková", "preferred_language": "sk"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/sk/accounts/profile/"
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "sk"
    learner.refresh_from_db()
    assert learner.full_name == "Lucia Nováková"
    assert learner.preferred_language == "sk"
    assert not wants_optional_email(learner)
    next_page = client.get(response["Location"])
    assert next_page.status_code == 200
    assert '<html lang="sk"' in next_page.content.decode()


def test_optional_email_can_be_switched_back_on(client):
    learner = LearnerFactory()
    client.force_login(learner)
    client.post("/en/accounts/profile/", {"full_name": "A", "preferred_language": "en"})
    assert not wants_optional_email(learner)

    client.post(
        "/en/accounts/profile/",
        {"full_name": "A", "preferred_language": "en", "optional_email": "on"},
    )

    assert wants_optional_email(learner)


def test_account_page_refuses_an_empty_name(client):
    learner = LearnerFactory(full_name="Lucia Bieliková")
    client.force_login(learner)

    response = client.post("/en/accounts/profile/", {"full_name": "", "preferred_language": "en"})

    assert response.status_code == 200
    learner.refresh_from_db()
    assert learner.full_name == "Lucia Bieliková"


def test_account_page_links_to_email_password_and_two_factor_pages(client):
    learner = LearnerFactory()
    client.force_login(learner)
    page = client.get("/en/accounts/profile/").content.decode()

    for url in ("/en/accounts/email/", "/en/accounts/password/change/", "/en/accounts/2fa/"):
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200, url


# --- Password reset ------------------------------------------------------------------

RESET_LINK = re.compile(r"https?://[^/\s]+(/en/accounts/password/reset/key/[\w-]+/)")


def test_password_reset_by_email_lets_the_person_choose_a_new_password(client, mailoutbox):
    learner = LearnerFactory()

    response = client.post("/en/accounts/password/reset/", {"email": learner.email})
    assert response["Location"] == "/en/accounts/password/reset/done/"

    [mail] = mailoutbox
    assert mail.to == [learner.email]
    link = RESET_LINK.search(mail.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    response = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/key/done/"

    _log_in(client, learner.email, PASSWORD)
    assert _logged_in_user(client) is None
    _log_in(client, learner.email, NEW_PASSWORD)
    assert _logged_in_user(client) == learner


def test_password_reset_for_an_unknown_email_reveals_nothing(client, mailoutbox):
    LearnerFactory(email="known@example.com")

    known = client.post("/en/accounts/password/reset/", {"email": "known@example.com"})
    unknown = client.post("/en/accounts/password/reset/", {"email": "nobody@example.com"})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert not any(RESET_LINK.search(mail.body) for mail in mailoutbox if "nobody" in mail.to[0])


def test_password_reset_finds_an_address_stored_with_capitals(client, mailoutbox):
    # Imports and invitations keep the address as HR typed it.
    learner = LearnerFactory(email="Lucia.Bielikova@example.com")

    client.post("/en/accounts/password/reset/", {"email": "Lucia.Bielikova@example.com"})

    [mail] = mailoutbox
    assert mail.to[0].lower() == learner.email.lower()
    assert RESET_LINK.search(mail.body), mail.body


# --- Changing the e-mail address -----------------------------------------------------

CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/en/accounts/confirm-email/[\w:-]+/)")


def _verified(person):
    """The person's address as accepting an invitation leaves it: verified and primary."""
    EmailAddress.objects.create(user=person, email=person.email, primary=True, verified=True)
    return person


def _change_email(client, new_email, mailoutbox):
    """Ask for the change on the e-mail page; returns the confirmation link mailed."""
    assert client.get("/en/accounts/email/").status_code == 200
    response = client.post("/en/accounts/email/", {"email": new_email, "action_add": ""})
    assert response.status_code == 302
    [mail] = [mail for mail in mailoutbox if mail.to == [new_email]]
    return CONFIRM_LINK.search(mail.body).group(1)


def test_changed_email_replaces_the_old_one_once_confirmed(client, mailoutbox):
    learner = _verified(LearnerFactory(email="old@example.com"))
    _log_in(client, learner.email)

    link = _change_email(client, "new@example.com", mailoutbox)

    learner.refresh_from_db()
    assert learner.email == "old@example.com"
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    learner.refresh_from_db()
    assert learner.email == "new@example.com"
    assert list(EmailAddress.objects.filter(user=learner).values_list("email", "verified")) == [
        ("new@example.com", True)
    ]
    client.post("/en/accounts/logout/")
    _log_in(client, "old@example.com")
    assert _logged_in_user(client) is None
    _log_in(client, "new@example.com")
    assert _logged_in_user(client) == learner


def test_unconfirmed_email_change_keeps_the_old_address(client, mailoutbox):
    learner = _verified(LearnerFactory(email="old@example.com"))
    _log_in(client, learner.email)

    _change_email(client, "new@example.com", mailoutbox)
    client.post("/en/accounts/logout/")

    learner.refresh_from_db()
    assert learner.email == "old@example.com"
    _log_in(client, "old@example.com")
    assert _logged_in_user(client) == learner


def test_address_waiting_for_confirmation_gets_no_password_reset_link(client, mailoutbox):
    # A mistyped new address may belong to someone else: until it is confirmed, a reset
    # link sent there would hand that someone the account.
    learner = _verified(LearnerFactory(email="old@example.com"))
    _log_in(client, learner.email)
    _change_email(client, "typo@example.com", mailoutbox)
    client.post("/en/accounts/logout/")
    mailoutbox.clear()

    response = client.post("/en/accounts/password/reset/", {"email": "typo@example.com"})

    assert response["Location"] == "/en/accounts/password/reset/done/"
    assert not [mail for mail in mailoutbox if RESET_LINK.search(mail.body)]


def test_never_verified_address_stays_until_the_new_one_is_confirmed(client, mailoutbox):
    # People created by an administrator or the staff import have an address nobody has
    # verified yet; changing it must not remove it before the new one is confirmed.
    learner = LearnerFactory(email="old@example.com")
    _log_in(client, learner.email)

    link = _change_email(client, "new@example.com", mailoutbox)

    learner.refresh_from_db()
    assert learner.email == "old@example.com"
    client.post(link)
    learner.refresh_from_db()
    assert learner.email == "new@example.com"
    assert list(EmailAddress.objects.filter(user=learner).values_list("email", "verified")) == [
        ("new@example.com", True)
    ]


def test_two_people_with_never_verified_addresses_can_both_change_them(mailoutbox):

    for number in (1, 2):
        person = LearnerFactory(email=f"old{number}@example.com")
        client = Client()
        _log_in(client, person.email)
        _change_email(client, f"new{number}@example.com", mailoutbox)


# --- Sign-up -------------------------------------------------------------------------

SIGNUP_URL = "/en/accounts/signup/"


def _sign_up(client, email):
    return client.post(
        SIGNUP_URL,
        {
            "full_name": "Walk In",
            "email": email,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


def test_sign_up_is_closed_by_default(client):
    assert "Sign Up Closed" in client.get(SIGNUP_URL).content.decode()
    assert 'href="/en/accounts/signup/"' not in client.get(LOGIN_URL).content.decode()

    response = _sign_up(client, "walk.in@example.com")

    assert "Sign Up Closed" in response.content.decode()
    assert not User.objects.filter(email="walk.in@example.com").exists()


def test_person_at_a_listed_domain_can_sign_up(client, settings):
    settings.SIGNUP_EMAIL_DOMAINS = ["example.com"]
    assert 'href="/en/accounts/signup/"' in client.get(LOGIN_URL).content.decode()

    response = _sign_up(client, "walk.in@example.com")

    assert response.status_code == 302
    person = User.objects.get(email="walk.in@example.com")
    assert person.check_password(NEW_PASSWORD)
    assert person.employee_number is None
    assert person.full_name == "Walk In"
    assert list(person.groups.values_list("name", flat=True)) == [LEARNER]


def test_person_at_another_domain_gets_a_clear_error(client, settings):
    settings.SIGNUP_EMAIL_DOMAINS = ["example.com"]

    response = _sign_up(client, "walk.in@elsewhere.org")

    assert response.status_code == 200
    assert "Sign-up is open only to addresses at: example.com." in response.content.decode()
    assert not User.objects.filter(email="walk.in@elsewhere.org").exists()
