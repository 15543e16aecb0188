"""The result of an exam speaks the learner's language: a Russian speaker reads it in Russian."""

import pytest
from django.urls import reverse
from django.utils import translation

from quizzes import services
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory
from tests.factories.people import LearnerFactory
from tests.factories.quizzes import QuestionFactory, answer_attempt, exam_with_questions

pytestmark = pytest.mark.django_db


def test_a_russian_speaker_reads_the_result_in_russian(client, home_page):
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))
    exam = exam_with_questions(course, [QuestionFactory()])
    learner = LearnerFactory(preferred_language="ru")
    attempt = services.attempt_start(user=learner, exam=exam)
    answer_attempt(attempt, right=True)
    client.force_login(learner)
    with translation.override("ru"):
        submit_url = reverse("quizzes:attempt_submit", kwargs={"attempt_id": attempt.pk})

    submitted = client.post(submit_url)
    result = client.get(submitted["Location"])

    assert submitted["Location"] == f"/ru/exams/attempts/{attempt.pk}/result/"
    html = " ".join(result.content.decode().split())
    assert result.status_code == 200
    assert '<html lang="ru"' in html
    assert "Ваш результат" in html
    assert "Попытка 1" in html
    assert "100 % (1 из 1 баллов)" in html
    assert "Пройден" in html
    assert "По стандартам" in html
    assert "Your result" not in html
