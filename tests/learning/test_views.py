"""Marking a lesson done and not done from the lesson page."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from lms.learning.models import LessonCompletion
from lms.learning.services import lesson_complete
from tests.factories.content import LessonPageFactory

pytestmark = pytest.mark.django_db


def _complete_url(page):
    return reverse("learning:lesson_complete", kwargs={"page_id": page.pk})


def _incomplete_url(page):
    return reverse("learning:lesson_incomplete", kwargs={"page_id": page.pk})


def test_complete_url_is_language_prefixed(lessons):
    assert _complete_url(lessons[0]) == f"/en/learning/lessons/{lessons[0].pk}/complete/"


def test_marking_complete_records_it_and_returns_to_the_lesson(client, learner, lessons):
    client.force_login(learner)

    response = client.post(_complete_url(lessons[0]))

    assert response.status_code == 302
    assert response.url == lessons[0].get_url()
    assert LessonCompletion.objects.filter(user=learner, lesson=lessons[0]).exists()
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Lesson marked as complete."
    ]


def test_a_double_submit_keeps_one_completion(client, learner, lessons):
    client.force_login(learner)

    first = client.post(_complete_url(lessons[0]))
    second = client.post(_complete_url(lessons[0]))

    assert first.status_code == second.status_code == 302
    assert LessonCompletion.objects.filter(user=learner).count() == 1


def test_marking_not_done_removes_the_completion(client, learner, lessons):
    lesson_complete(user=learner, lesson=lessons[0])
    client.force_login(learner)

    response = client.post(_incomplete_url(lessons[0]))

    assert response.status_code == 302
    assert response.url == lessons[0].get_url()
    assert not LessonCompletion.objects.filter(user=learner).exists()
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Marked as not done."
    ]


def test_marking_not_done_twice_is_harmless(client, learner, lessons):
    client.force_login(learner)

    assert client.post(_incomplete_url(lessons[0])).status_code == 302
    assert client.post(_incomplete_url(lessons[0])).status_code == 302


@pytest.mark.parametrize("url_for", [_complete_url, _incomplete_url])
def test_a_page_that_is_not_a_lesson_is_not_found(client, learner, course, url_for):
    client.force_login(learner)

    assert client.post(url_for(course)).status_code == 404


def test_a_draft_lesson_is_not_found(client, learner, course):
    draft = LessonPageFactory(parent=course, live=False)
    client.force_login(learner)

    assert client.post(_complete_url(draft)).status_code == 404
    assert not LessonCompletion.objects.exists()


def test_a_missing_page_is_not_found(client, learner):
    client.force_login(learner)

    assert (
        client.post(reverse("learning:lesson_complete", kwargs={"page_id": 999999})).status_code
        == 404
    )


@pytest.mark.parametrize("url_for", [_complete_url, _incomplete_url])
def test_an_anonymous_visitor_is_sent_to_log_in(client, lessons, url_for):
    response = client.post(url_for(lessons[0]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login") + "?next=")
    assert not LessonCompletion.objects.exists()


@pytest.mark.parametrize("url_for", [_complete_url, _incomplete_url])
def test_get_is_not_allowed(client, learner, lessons, url_for):
    client.force_login(learner)

    assert client.get(url_for(lessons[0])).status_code == 405
    assert not LessonCompletion.objects.exists()
