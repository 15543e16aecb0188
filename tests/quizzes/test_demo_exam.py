"""The demo course's final exam: last in the course, 20 questions drawn fairly, the issue's
settings, idempotent, and in Russian through wagtail-localize."""

import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringTranslation, TranslationSource

from content.demo import DEMO_CATEGORIES, load_demo_course, load_demo_standards
from content.demo_ru import load_demo_translation_ru
from content.models import CoursePage, Standard
from quizzes.demo import (
    DEMO_EXAM_DRAW,
    EXAM_TITLE,
    load_demo_exam,
    load_demo_questions,
)
from quizzes.demo_ru import RU_EXAM_TITLE, load_demo_exam_ru, load_demo_questions_ru
from quizzes.models import ExamDrawRule, ExamPage, Question
from quizzes.services import attempt_start
from tests.factories.people import LearnerFactory

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)  # noqa: RUF001 -- Cyrillic on purpose

SETTINGS = {
    "required": True,
    "pass_mark": Decimal(80),
    "time_limit_minutes": 20,
    "attempts_allowed": 3,
    "wait_minutes": 60,
    "resit_after_pass": False,
    "opens_at": None,
    "closes_at": None,
    "shuffle_questions": True,
    "shuffle_options": True,
    "layout": ExamPage.Layout.ONE_PER_PAGE,
    "review": ExamPage.Review.ANSWERS,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo standards, questions, course and exam in English and Russian, loaded once
    for the module and rolled back after its last test; each test runs in a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_standards()
        load_demo_questions()
        load_demo_course()
        exam = load_demo_exam()
        assert load_demo_translation_ru().missing == []
        assert load_demo_questions_ru().missing == []
        report = load_demo_exam_ru()
        yield {"exam": exam, "report": report}
        transaction.set_rollback(True)


@pytest.fixture
def exam(demo) -> ExamPage:
    return ExamPage.objects.get(pk=demo["exam"].pk)


@pytest.fixture
def russian_exam(exam) -> ExamPage:
    return exam.get_translation(Locale.objects.get(language_code="ru"))


def _settings(page: ExamPage) -> dict:
    return {name: getattr(page, name) for name in SETTINGS}


def _snapshot():
    return {
        "pages": sorted(Page.objects.values_list("pk", "path", "live", "live_revision_id")),
        "revisions": Revision.objects.count(),
        "rules": sorted(ExamDrawRule.objects.values_list("pk", "exam_id", "count")),
        "sources": TranslationSource.objects.count(),
        "strings": sorted(StringTranslation.objects.values_list("pk", "data")),
    }


def test_the_exam_is_the_last_page_of_the_demo_course(exam):
    course = exam.get_parent().specific

    assert isinstance(course, CoursePage)
    assert course.title == "Service standards essentials"
    assert exam.title == EXAM_TITLE == "Final exam: service standards"
    assert exam.live and not exam.has_unpublished_changes
    assert exam.get_next_sibling() is None
    assert course.get_children().last().pk == exam.pk
    assert exam.introduction.strip()


def test_the_exam_has_the_issues_settings_and_validates(exam):
    assert _settings(exam) == SETTINGS
    exam.full_clean()
    assert exam.draw_problems() == []


def test_the_draw_gives_20_questions_across_every_category(exam):
    rules = exam.ordered_draw_rules()

    assert sum(rule.count for rule in rules) == 20
    assert all(rule.category_id and not rule.question_id for rule in rules)
    assert [(rule.category.code, rule.count) for rule in rules] == DEMO_EXAM_DRAW
    assert {code for code, _name, _order in DEMO_CATEGORIES} == {
        rule.category.code for rule in rules
    }
    for rule in rules:
        # Every category has at least twice the questions it gives the exam.
        available = Question.objects.filter(
            locale=Locale.get_default(), live=True, active=True, standard__category=rule.category
        ).count()
        assert available >= 2 * rule.count, rule.category.code


def _check_attempt(attempt, language: str) -> None:
    items = list(attempt.questions.select_related("revision"))
    assert len(items) == 20
    assert len({item.question_key for item in items}) == 20
    assert attempt.locale.language_code == language
    assert attempt.deadline == attempt.started_at + timedelta(minutes=20)
    questions = Question.objects.filter(
        translation_key__in=[item.question_key for item in items], locale=attempt.locale
    ).select_related("standard__category")
    assert {question.pk for question in questions} == {
        int(item.revision.object_id) for item in items
    }
    drawn = Counter(question.standard.category.code for question in questions)
    assert dict(drawn) == dict(DEMO_EXAM_DRAW)


def test_a_learner_draws_20_distinct_questions_in_english(exam):
    learner = LearnerFactory(preferred_language="en")

    attempt = attempt_start(user=learner, exam=exam)

    _check_attempt(attempt, "en")
    assert all(
        not CYRILLIC.search(item.revision.as_object().stem) for item in attempt.questions.all()
    )


def test_loading_again_changes_nothing(demo, exam):
    before = _snapshot()

    assert load_demo_exam().pk == exam.pk
    report = load_demo_exam_ru()

    assert report.saved == []
    assert report.missing == []
    assert _snapshot() == before


def test_the_russian_exam_is_a_live_translation_with_the_same_settings(demo, exam, russian_exam):
    report = demo["report"]
    assert report.missing == []
    assert report.saved == [str(exam)]

    assert russian_exam.live and not russian_exam.has_unpublished_changes
    assert russian_exam.title == RU_EXAM_TITLE
    assert CYRILLIC.search(russian_exam.title)
    assert CYRILLIC.search(russian_exam.introduction)
    assert not re.search("[a-z]{4,}", re.sub("<[^>]+>", "", russian_exam.introduction))
    assert russian_exam.slug == exam.slug
    assert _settings(russian_exam) == SETTINGS
    assert [(rule.count, rule.category.code) for rule in russian_exam.ordered_draw_rules()] == [
        (count, code) for code, count in DEMO_EXAM_DRAW
    ]
    russian_exam.full_clean()

    # Last in the Russian course, as in the English one.
    course = russian_exam.get_parent().specific
    assert course.pk == exam.get_parent().specific.get_translation(russian_exam.locale).pk
    assert russian_exam.get_next_sibling() is None


def test_a_russian_learner_sits_the_exam_in_russian(russian_exam):
    learner = LearnerFactory(preferred_language="ru")

    attempt = attempt_start(user=learner, exam=russian_exam)

    _check_attempt(attempt, "ru")
    for item in attempt.questions.select_related("revision"):
        question = item.revision.as_object()
        assert CYRILLIC.search(question.stem), question.stem
        assert Standard.objects.get(pk=question.standard_id).locale.language_code == "ru"
