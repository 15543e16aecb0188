# ruff: noqa: RUF001 -- Russian page titles are meant to be Cyrillic.
"""The Russian demo, translated through wagtail-localize and published."""

import re

import pytest
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import Translation, TranslationSource

from content.demo import DEMO_CATEGORIES, DEMO_STANDARDS, load_demo_course
from content.demo_ru import load_demo_translation_ru
from content.models import CoursePage, LessonPage, Standard, StandardCategory
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
WORKFLOW_NAME = "Standards approval"


def _load_ru(capture_on_commit):
    # wagtail-localize publishes a page's translation once the transaction commits.
    with capture_on_commit(execute=True):
        return load_demo_translation_ru()


@pytest.fixture
def translated(minimal_site, django_capture_on_commit_callbacks):
    course = load_demo_course()
    report = _load_ru(django_capture_on_commit_callbacks)
    return course, report


def _english_pages(course):
    return [
        course.get_parent().get_parent().specific,
        course.get_parent().specific,
        course,
        *course.get_children().specific(),
    ]


def test_every_demo_standard_and_page_has_a_live_russian_translation(translated):
    course, report = translated
    russian = Locale.objects.get(language_code="ru")

    assert report.missing == []
    assert StandardCategory.objects.filter(locale=russian).count() == len(DEMO_CATEGORIES) == 7
    for english in Standard.objects.filter(locale=Locale.get_default()):
        translation = english.get_translation(russian)
        assert translation.live, english.code
        assert translation.code == english.code
        assert translation.level == english.level
        assert translation.category.locale == russian
        assert CYRILLIC.search(translation.title), english.code
    assert Standard.objects.filter(locale=russian, live=True).count() == len(DEMO_STANDARDS) == 23

    pages = _english_pages(course)
    assert len(pages) == 9
    for english in pages:
        translation = english.get_translation(russian)
        assert translation.live, english.title
        assert translation.translation_key == english.translation_key
        assert CYRILLIC.search(translation.title), english.title
        if english.depth > 2:  # the home pages are siblings, so theirs must differ
            assert translation.slug == english.slug


def test_russian_lesson_body_is_russian_and_teaches_the_russian_standards(translated):
    _course, _report = translated
    russian = Locale.objects.get(language_code="ru")
    english = LessonPage.objects.get(slug="store-and-first-impression", locale__language_code="en")
    lesson = english.get_translation(russian)

    checklist = next(block for block in lesson.body if block.block_type == "checklist")
    assert checklist.value["title"] == "Перед открытием"
    assert "Свет и музыка включены" in list(checklist.value["items"])
    takeaways = next(block for block in lesson.body if block.block_type == "key_takeaways")
    assert all(CYRILLIC.search(point) for point in takeaways.value["points"])
    text = next(block for block in lesson.body if block.block_type == "text")
    assert "<b>за 30 минут до открытия</b>" in text.value.source

    standards = [block.value["standard"] for block in lesson.body if block.block_type == "standard"]
    assert [standard.code for standard in standards] == ["STORE-01", "STORE-02", "SPACE-01"]
    assert all(standard.locale == russian for standard in standards)
    # "Standards taught" rows are not translatable objects, so wagtail-localize copies them
    # as they are: they point at the English standards, whose Russian versions are live.
    assert [item.standard.code for item in lesson.standards.all()] == [
        "STORE-01",
        "STORE-02",
        "SPACE-01",
    ]
    assert all(item.standard.get_translation(russian).live for item in lesson.standards.all())
    # The page shows them in Russian all the same.
    shown = lesson.taught_standards()
    assert [standard.code for standard in shown] == ["STORE-01", "STORE-02", "SPACE-01"]
    assert all(standard.locale == russian for standard in shown)


def test_running_again_creates_no_new_revisions(translated, django_capture_on_commit_callbacks):
    revisions = Revision.objects.count()
    translations = Translation.objects.count()

    report = _load_ru(django_capture_on_commit_callbacks)

    assert report.saved == []
    assert report.missing == []
    assert Revision.objects.count() == revisions
    assert Translation.objects.count() == translations


def test_a_later_sync_keeps_the_russian_text(translated, django_capture_on_commit_callbacks):
    course, _report = translated
    russian = Locale.objects.get(language_code="ru")
    source, _created = TranslationSource.update_or_create_from_instance(course)

    with django_capture_on_commit_callbacks(execute=True):
        Translation.objects.get(source=source, target_locale=russian).save_target(publish=True)

    assert course.get_translation(russian).title == "Основы стандартов обслуживания"


def test_a_russian_learner_gets_the_russian_course_and_english_stays_english(client, translated):
    course, _report = translated
    russian_course = course.get_translation(Locale.objects.get(language_code="ru"))
    client.force_login(LearnerFactory(preferred_language="ru"))

    assert russian_course.url == "/ru/courses/service-standards-essentials/"
    russian_page = client.get(russian_course.url)
    english_page = client.get(course.url)

    assert russian_page.status_code == 200
    assert "Основы стандартов обслуживания" in russian_page.content.decode()
    assert "Жалобы" in russian_page.content.decode()
    assert english_page.status_code == 200
    assert course.url == "/en/courses/service-standards-essentials/"
    assert "Service standards essentials" in english_page.content.decode()
    assert "Основы стандартов обслуживания" not in english_page.content.decode()


def test_an_edited_russian_lesson_waits_for_head_trainer_approval(
    translated, trainer, head_trainer, django_capture_on_commit_callbacks
):
    _course, _report = translated
    russian = Locale.objects.get(language_code="ru")
    lesson = LessonPage.objects.get(slug="complaints", locale=russian)
    live_title = lesson.title
    workflow = lesson.get_workflow()
    assert workflow.name == WORKFLOW_NAME

    lesson.title = "Жалобы покупателей"
    lesson.save_revision(user=trainer)
    workflow.start(lesson, trainer)

    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.workflow_in_progress
    assert lesson.has_unpublished_changes
    assert lesson.title == live_title
    assert Page.objects.get(pk=lesson.pk).specific.live_revision.as_object().title == live_title
    # Loading the demo again leaves the draft in the workflow alone.
    _load_ru(django_capture_on_commit_callbacks)
    assert LessonPage.objects.get(pk=lesson.pk).latest_revision.as_object().title == (
        "Жалобы покупателей"
    )

    task_state = lesson.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, head_trainer, "approve")

    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.live and lesson.title == "Жалобы покупателей"
    assert not lesson.workflow_in_progress
    assert CoursePage.objects.get(locale=russian).get_children().live().count() == 6


def test_language_switcher_links_to_the_translations_of_the_page(client, translated):
    course, _report = translated

    html = client.get(course.url).content.decode()

    assert '<nav class="site-nav site-nav--languages" aria-label="Language">' in html
    assert (
        '<a href="/ru/courses/service-standards-essentials/" lang="ru" hreflang="ru">Русский</a>'
        in html
    )
    assert (
        '<a href="/en/courses/service-standards-essentials/" lang="en" hreflang="en" '
        'aria-current="page">English</a>' in html
    )
    assert 'hreflang="sk"' not in html  # no Slovak translation, so no link
    assert 'action="/i18n/setlang/"' in html  # the no-JavaScript form is still there


def test_language_switcher_keeps_the_form_on_other_views(client, translated):
    html = client.get("/en/accounts/login/").content.decode()

    assert "site-nav--languages" not in html
    assert '<select id="language-switcher-select" name="language"' in html
