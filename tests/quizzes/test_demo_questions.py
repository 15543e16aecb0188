"""The demo question bank: valid, gradable, complete, idempotent, and in Russian."""

import re
from collections import Counter

import pytest
from django.db import transaction
from wagtail.models import Locale, Revision

from content.demo import DEMO_STANDARDS, load_demo_standards
from content.demo_ru import load_demo_translation_ru
from content.models import Standard
from quizzes import grading
from quizzes.demo import DEMO_QUESTIONS, demo_translation_key, load_demo_questions
from quizzes.demo_ru import RU_QUESTIONS, load_demo_questions_ru
from quizzes.models import Question, QuestionOption

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)  # noqa: RUF001 -- Cyrillic on purpose

MINIMUM_BY_TYPE = {
    Question.Type.SINGLE: 20,
    Question.Type.MULTIPLE: 6,
    Question.Type.TRUE_FALSE: 6,
    Question.Type.ORDERING: 3,
    Question.Type.SITUATION: 6,
}


@pytest.fixture(scope="module")
def bank(django_db_setup, django_db_blocker):
    """The demo standards and questions in English and Russian, loaded once for the module
    (no course or pages but the home page) and rolled back after its last test; each test
    runs in a savepoint inside, as usual."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_standards()
        load_demo_questions()
        standards_report = load_demo_translation_ru()
        report = load_demo_questions_ru()
        assert standards_report.missing == []
        yield report
        transaction.set_rollback(True)


def _english():
    return Question.objects.filter(locale=Locale.get_default()).select_related("standard")


def _snapshot():
    return {
        "questions": Question.objects.count(),
        "options": QuestionOption.objects.count(),
        "revisions": Revision.objects.count(),
        "live": sorted(Question.objects.values_list("pk", "live_revision_id")),
    }


def test_the_bank_covers_every_standard_with_every_type(bank):
    questions = list(_english().filter(live=True, active=True))

    assert len(questions) == len(DEMO_QUESTIONS) >= 40
    assert {q.standard.code for q in questions} == {row[0] for row in DEMO_STANDARDS}
    counts = Counter(q.question_type for q in questions)
    for question_type, minimum in MINIMUM_BY_TYPE.items():
        assert counts[question_type] >= minimum, question_type


def test_every_question_is_valid_and_gradable(bank):
    for question in _english().prefetch_related("options", "tagged_items__tag"):
        question.full_clean()
        assert question.option_problems() == [], question.stem
        assert question.explanation.strip()
        assert list(question.tags.names())
        expected_points = 2 if question.question_type == Question.Type.ORDERING else 1
        assert question.points == expected_points

        graded = question.grading_question()
        assert graded.key == str(question.translation_key)
        assert graded.label == str(question.standard.translation_key)
        keys = [option.key for option in graded.options]
        assert len(keys) == len(set(keys)) >= 2
        # The right answer scores full points.
        if question.question_type == Question.Type.ORDERING:
            best = keys
        else:
            best = [o.key for o in graded.options if o.fraction > 0]
        assert grading.grade_question(graded, best).score == graded.points, question.stem
        if question.question_type != Question.Type.ORDERING:
            assert all(option.feedback for option in question.options.all()), question.stem
    multiple = _english().filter(question_type=Question.Type.MULTIPLE)
    assert QuestionOption.objects.filter(question__in=multiple, fraction__lt=0).exists()


def test_loading_again_changes_nothing(bank):
    before = _snapshot()

    load_demo_standards()
    assert len(load_demo_questions()) == len(DEMO_QUESTIONS)
    report = load_demo_questions_ru()

    assert report.saved == []
    assert report.missing == []
    assert _snapshot() == before


def test_russian_questions_are_live_translations_of_the_english(bank):
    russian = Locale.objects.get(language_code="ru")

    assert bank.missing == []
    assert set(RU_QUESTIONS) == {demo.code for demo in DEMO_QUESTIONS}
    assert len(bank.saved) == len(DEMO_QUESTIONS)
    codes = {demo_translation_key(demo.code): demo.code for demo in DEMO_QUESTIONS}
    for english in _english().prefetch_related("options"):
        _stem, russian_options, _explanation = RU_QUESTIONS[codes[english.translation_key]]
        translated = english.get_translation(russian)
        assert translated.live and translated.active
        assert CYRILLIC.search(translated.stem), english.stem
        assert CYRILLIC.search(translated.explanation), english.stem
        assert translated.standard.locale == russian
        assert translated.standard.live
        assert translated.standard.translation_key == english.standard.translation_key
        assert translated.grading_question() == english.grading_question()
        assert sorted(translated.tags.names()) == sorted(english.tags.names())
        pairs = zip(english.ordered_options(), translated.ordered_options(), strict=True)
        for (source, target), (text, feedback) in zip(pairs, russian_options, strict=True):
            assert (target.key, target.fraction) == (source.key, source.fraction)
            assert (target.text, target.feedback) == (text, feedback)
            assert target.locale == russian
    assert Standard.objects.filter(locale=russian, live=True).count() == len(DEMO_STANDARDS)
