"""Learners search the published lessons and standards of the language they read."""

import pytest
from wagtail.models import Locale

from tests.factories import StandardFactory
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))


@pytest.fixture
def indexed(django_capture_on_commit_callbacks):
    """Wagtail updates its search index after the transaction commits: let it."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


def test_search_finds_a_lesson_by_its_words_and_a_standard_by_its_code(client, course, indexed):
    LessonPageFactory(
        parent=course, title="Telephone etiquette", summary="Answer by the third ring."
    )
    LessonPageFactory(parent=course, title="Complaints", summary="Listen, repeat, apologise.")
    StandardFactory(code="PHONE-01", title="Answer quickly", rule="Pick up by the third ring.")

    lessons = client.get("/en/search/", {"q": "telephone"}).content.decode()
    standards = client.get("/en/search/", {"q": "PHONE-01"}).content.decode()

    assert "Telephone etiquette" in lessons and "Complaints" not in lessons
    assert "Answer quickly" in standards


def test_drafts_and_other_languages_are_not_found(client, course, indexed):
    LessonPageFactory(parent=course, title="Telephone draft", live=False)
    StandardFactory(code="PHONE-02", title="Telephone draft standard", live=False)
    StandardFactory(
        code="PHONE-03",
        title="Telephone in Russian",
        locale=Locale.objects.get(language_code="ru"),
    )

    html = client.get("/en/search/", {"q": "telephone"}).content.decode()

    assert "Telephone draft" not in html
    assert "Telephone in Russian" not in html
    assert "No lesson matches these words." in html


def test_an_empty_search_shows_only_the_form(client, indexed):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert "No lesson matches" not in response.content.decode()
