"""E-mail to people in their own language, after commit, respecting their choices."""

import copy
import re

import pytest
from django.conf import settings as django_settings

from lms.notifications.models import NotificationPreference
from lms.notifications.services import notification_preference_set, notification_send
from lms.people.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[\u0400-\u04ff]")


@pytest.fixture
def own_templates(settings, tmp_path):
    """A small ``check`` e-mail of our own, so the service is tested apart from real mail."""
    folder = tmp_path / "notifications" / "email"
    folder.mkdir(parents=True)
    language = "{% load i18n %}{% get_current_language as lang %}"
    # Django's own catalogue translates month names, so no project catalogue is needed.
    (folder / "check.subject.txt").write_text(
        language + '[{{ lang }}]\n  {% translate "January" %} for {{ user.full_name }}\n'
    )
    (folder / "check.txt").write_text(language + "Hello {{ name }} ({{ lang }})\n")
    (folder / "check.html").write_text(language + '<p lang="{{ lang }}">Hello {{ name }}</p>\n')
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates


def send(person, *, template="check", optional=False, **context) -> bool:
    return notification_send(user=person, template=template, context=context, optional=optional)


# --- Language and content


def test_mail_is_rendered_in_the_recipients_language(
    own_templates, mailoutbox, django_capture_on_commit_callbacks
):
    russian = UserFactory(full_name="Olga", preferred_language="ru")
    english = UserFactory(full_name="Jane", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        send(russian, name="Olga")
        send(english, name="Jane")

    to_russian, to_english = mailoutbox
    assert to_russian.to == [russian.email]
    assert to_russian.subject == "[ru] Январь for Olga"
    assert to_russian.body == "Hello Olga (ru)\n"
    assert to_english.subject == "[en] January for Jane"


def test_mail_has_a_text_and_an_html_part(
    own_templates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(UserFactory(preferred_language="sk"), name="Zuzana")

    [message] = mailoutbox
    assert message.body == "Hello Zuzana (sk)\n"
    assert message.alternatives == [('<p lang="sk">Hello Zuzana</p>\n', "text/html")]
    assert message.from_email == django_settings.DEFAULT_FROM_EMAIL


def test_mail_leaves_only_when_the_transaction_commits(
    own_templates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send(UserFactory()) is True
        assert mailoutbox == []
    assert len(mailoutbox) == 1


# --- Who gets nothing


def test_person_without_email_gets_nothing(
    own_templates, mailoutbox, django_capture_on_commit_callbacks
):
    person = User.objects.create_user(employee_number="E-1", full_name="No Mail")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert send(person) is False
    assert callbacks == []
    assert mailoutbox == []


def test_inactive_person_gets_nothing(
    own_templates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send(UserFactory(is_active=False)) is False
    assert mailoutbox == []


def test_optional_mail_stops_after_opting_out_but_essential_mail_still_goes(
    own_templates, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(full_name="Jane", preferred_language="en")
    notification_preference_set(user=person, optional_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(person, optional=True) is False
        assert send(person, optional=False) is True
    [message] = mailoutbox
    assert message.to == [person.email]


def test_optional_mail_goes_to_people_who_never_chose(
    own_templates, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send(UserFactory(), optional=True) is True
    assert len(mailoutbox) == 1


def test_opting_back_in_restores_optional_mail(
    own_templates, mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    notification_preference_set(user=person, optional_email=False)
    notification_preference_set(user=person, optional_email=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert send(person, optional=True) is True
    assert len(mailoutbox) == 1
    assert NotificationPreference.objects.filter(user=person).count() == 1


# --- The real mail_check e-mail


def test_mail_check_reaches_the_person_with_both_parts(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(full_name="Jane O'Brien", preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert send(person, template="mail_check") is True

    [message] = mailoutbox
    site_name = django_settings.WAGTAIL_SITE_NAME
    assert message.subject == f"Test message from {site_name}"
    assert "Hello Jane O'Brien," in message.body  # plain text is not HTML-escaped
    assert django_settings.SITE_URL in message.body
    [(html, mime_type)] = message.alternatives
    assert mime_type == "text/html"
    assert "Hello Jane O&#x27;Brien," in html
    assert '<html lang="en">' in html


def test_mail_check_is_rendered_in_russian_for_a_russian_speaker(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(UserFactory(preferred_language="ru"), template="mail_check")
    [(html, _mime_type)] = mailoutbox[0].alternatives
    assert '<html lang="ru">' in html


def test_mail_check_subject_is_russian_for_a_russian_speaker(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(UserFactory(preferred_language="ru"), template="mail_check")
    assert CYRILLIC.search(mailoutbox[0].subject)
