"""Marking lessons done and not done."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lms.learning.models import LessonCompletion
from lms.learning.services import lesson_complete, lesson_uncomplete
from tests.factories import LearnerFactory
from tests.factories.content import LessonPageFactory

pytestmark = pytest.mark.django_db


def test_completing_a_lesson_records_it_by_translation_key(learner, lessons):
    completion = lesson_complete(user=learner, lesson=lessons[0])

    assert completion.user == learner
    assert completion.lesson_id == lessons[0].pk
    assert completion.lesson_key == lessons[0].translation_key


def test_completing_twice_keeps_one_completion_with_the_first_time(learner, lessons):
    first = lesson_complete(user=learner, lesson=lessons[0])
    second = lesson_complete(user=learner, lesson=lessons[0])

    assert LessonCompletion.objects.filter(user=learner).count() == 1
    assert second.pk == first.pk
    assert second.completed_at == first.completed_at


def test_uncompleting_removes_the_completion_and_is_safe_to_repeat(learner, lessons):
    lesson_complete(user=learner, lesson=lessons[0])
    lesson_complete(user=learner, lesson=lessons[1])

    lesson_uncomplete(user=learner, lesson=lessons[0])
    lesson_uncomplete(user=learner, lesson=lessons[0])

    assert list(LessonCompletion.objects.values_list("lesson_id", flat=True)) == [lessons[1].pk]


def test_a_draft_lesson_cannot_be_completed(learner, course):
    draft = LessonPageFactory(parent=course, live=False)

    with pytest.raises(ValidationError):
        lesson_complete(user=learner, lesson=draft)
    assert not LessonCompletion.objects.exists()


def test_a_page_that_is_not_a_lesson_cannot_be_completed(learner, course):
    with pytest.raises(ValidationError):
        lesson_complete(user=learner, lesson=course)


def test_an_inactive_person_cannot_complete_a_lesson(lessons):
    inactive = LearnerFactory(is_active=False)

    with pytest.raises(PermissionDenied):
        lesson_complete(user=inactive, lesson=lessons[0])
    assert not LessonCompletion.objects.exists()


def test_completions_of_one_person_do_not_touch_another(learner, lessons):
    other = LearnerFactory()
    lesson_complete(user=other, lesson=lessons[0])
    lesson_complete(user=learner, lesson=lessons[0])

    lesson_uncomplete(user=learner, lesson=lessons[0])

    assert list(LessonCompletion.objects.values_list("user_id", flat=True)) == [other.pk]
