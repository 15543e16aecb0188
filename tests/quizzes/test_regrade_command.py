"""`manage.py regrade_exam`: a trainer's fix reaches finished attempts, and says so."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageLogEntry

from lms.people.roles import TRAINER
from quizzes import services
from quizzes.models import QuestionOption
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory
from tests.factories.people import LearnerFactory, UserFactory
from tests.factories.quizzes import QuestionFactory, exam_with_questions


@pytest.fixture
def course(home_page):
    return CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))


def test_regrade_command_applies_a_fixed_answer_and_logs_who_asked(course):
    learner, trainer = LearnerFactory(), UserFactory(roles=[TRAINER], email="t@example.com")
    question = QuestionFactory(options=[("Finish the shelf first.", 100), ("Greet them.", 0)])
    exam = exam_with_questions(course, [question], shuffle_options=False)
    attempt = services.attempt_start(user=learner, exam=exam)
    greet = attempt.questions.get().option_order[1]
    services.attempt_answer_save(
        user=learner, attempt=attempt, question_position=1, selected=[greet], sequence=1
    )
    services.attempt_submit(user=learner, attempt=attempt)
    QuestionOption.objects.filter(question=question, key=greet).update(fraction=100)
    QuestionOption.objects.filter(question=question).exclude(key=greet).update(fraction=0)
    question.refresh_from_db()
    question.save_revision().publish()
    out = StringIO()

    call_command("regrade_exam", str(exam.pk), "--by", "T@example.com", stdout=out)

    assert (
        "1 finished attempts regraded, 1 answers moved to a fixed question, 1 results changed"
        in out.getvalue()
    )
    attempt.refresh_from_db()
    assert attempt.passed and attempt.percentage == Decimal(100)
    entry = PageLogEntry.objects.get(page=exam, action=services.REGRADE_ACTION)
    assert entry.user == trainer


def test_regrade_command_refuses_an_unknown_exam_or_person(course):
    exam = exam_with_questions(course, [QuestionFactory()])

    with pytest.raises(CommandError, match="no exam page with id 999999"):
        call_command("regrade_exam", "999999", "--by", "x@example.com")
    with pytest.raises(CommandError, match="no active person"):
        call_command("regrade_exam", str(exam.pk), "--by", "nobody@example.com")
