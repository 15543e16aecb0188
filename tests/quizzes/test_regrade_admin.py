"""Trainers regrade an exam from the Wagtail admin: confirm, background job, summary, log."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import PageLogEntry

from lms.jobs.models import Job
from lms.learning.exam_regrade_job import JOB_KIND
from quizzes import services
from quizzes.models import Attempt, QuestionOption
from tests.factories.content import (
    CourseIndexPageFactory,
    CoursePageFactory,
    LessonPageFactory,
    ScenarioPageFactory,
)
from tests.factories.people import LearnerFactory, UserFactory
from tests.factories.quizzes import QuestionFactory, exam_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))


@pytest.fixture
def question(db):
    """A question whose right answer was set on the wrong option."""
    return QuestionFactory(options=[("Finish the shelf first.", 100), ("Greet them.", 0)])


@pytest.fixture
def exam(course, question):
    return exam_with_questions(course, [question], shuffle_options=False, title="Greeting exam")


def _regrade_url(page):
    return reverse("learning_exam_regrade", kwargs={"page_id": page.pk})


def _text(response):
    return " ".join(response.content.decode().split())


def _finished_attempt_with_the_fixed_answer(exam):
    """A learner answers "Greet them." (scored 0 for now) and submits: the attempt fails."""
    learner = LearnerFactory()
    attempt = services.attempt_start(user=learner, exam=exam)
    greet = attempt.questions.get().option_order[1]
    services.attempt_answer_save(
        user=learner, attempt=attempt, question_position=1, selected=[greet], sequence=1
    )
    return services.attempt_submit(user=learner, attempt=attempt), greet


def _fix_and_publish(question, right_key):
    """The trainer's fix: ``right_key`` becomes the right option, published."""
    QuestionOption.objects.filter(question=question, key=right_key).update(fraction=100)
    QuestionOption.objects.filter(question=question).exclude(key=right_key).update(fraction=0)
    question.refresh_from_db()
    question.save_revision().publish()


def test_the_exam_edit_page_offers_regrade_attempts(client, trainer, exam):
    client.force_login(trainer)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[exam.pk])).content.decode()

    assert "Regrade attempts" in html
    assert f'href="{_regrade_url(exam)}"' in html


def test_scenario_and_lesson_edit_pages_do_not_offer_it(client, trainer, course):
    pages = [ScenarioPageFactory(parent=course), LessonPageFactory(parent=course)]
    client.force_login(trainer)

    for page in pages:
        html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
        assert "Regrade attempts" not in html


def test_the_confirmation_counts_finished_attempts_only(
    client, trainer, exam, django_assert_max_num_queries
):
    for _n in range(2):
        _finished_attempt_with_the_fixed_answer(exam)
    services.attempt_start(user=LearnerFactory(), exam=exam)  # still open
    client.force_login(trainer)

    with django_assert_max_num_queries(15):
        response = client.get(_regrade_url(exam))

    html = _text(response)
    assert response.status_code == 200
    assert (
        "This grades again the 2 finished attempts of Greeting exam (in every language) "
        "with each question's current live version." in html
    )
    assert "Attempts still open are not touched." in html
    assert "question bank" in html
    assert f'action="{_regrade_url(exam)}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert not Job.objects.exists()


def test_someone_who_cannot_edit_the_exam_is_refused(client, exam):
    # Into the admin, but with no right to edit pages.
    outsider = UserFactory()
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)

    refused_get = client.get(_regrade_url(exam))
    refused_post = client.post(_regrade_url(exam))

    assert refused_get.status_code == refused_post.status_code == 403
    assert "Only people who may edit this exam can regrade its attempts." in _text(refused_get)
    assert not Job.objects.exists()


def test_a_page_that_is_not_an_exam_is_not_found(client, trainer, course):
    client.force_login(trainer)

    assert client.get(_regrade_url(course)).status_code == 404
    assert client.post(_regrade_url(course)).status_code == 404
    assert client.get(reverse("learning_exam_regrade", args=[999999])).status_code == 404


def test_regrade_from_the_admin_fixes_a_result_shows_the_summary_and_logs_it(
    client, trainer, exam, question, django_capture_on_commit_callbacks
):
    attempt, greet = _finished_attempt_with_the_fixed_answer(exam)
    assert not attempt.passed
    _fix_and_publish(question, greet)
    client.force_login(trainer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_regrade_url(exam))

    job = Job.objects.get()
    progress_url = reverse(
        "learning_exam_regrade_progress", kwargs={"page_id": exam.pk, "job_id": job.pk}
    )
    assert response.status_code == 302
    assert response.url == progress_url
    assert (job.kind, job.owner, job.status) == (JOB_KIND, trainer, Job.Status.SUCCEEDED)
    assert job.result == {"exam_id": exam.pk, "attempts": 1, "questions_updated": 1, "changed": 1}
    attempt.refresh_from_db()
    assert attempt.passed and attempt.percentage == Decimal(100)
    assert attempt.regrade_count == 1
    entry = PageLogEntry.objects.get(page=exam, action=services.REGRADE_ACTION)
    assert entry.user == trainer

    done = _text(client.get(progress_url))
    assert "1 attempt graded again" in done
    assert "1 question moved to its current version" in done
    assert "1 result changed" in done
    assert f'href="{reverse("wagtailadmin_pages:edit", args=[exam.pk])}"' in done


def test_a_second_post_while_the_regrade_waits_returns_the_same_job(client, trainer, exam):
    _finished_attempt_with_the_fixed_answer(exam)
    client.force_login(trainer)

    # No commit in this test's transaction: the job stays pending, as while a worker is busy.
    first = client.post(_regrade_url(exam))
    second = client.post(_regrade_url(exam))

    job = Job.objects.get()
    assert job.status == Job.Status.PENDING
    assert first.url == second.url
    assert str(job.pk) in first.url
    waiting = _text(client.get(first.url))
    assert "Waiting to start" in waiting
    assert f'data-status-url="{reverse("jobs:status", args=[job.pk])}"' in waiting
    assert "attempts graded again" not in waiting
    assert not PageLogEntry.objects.filter(action=services.REGRADE_ACTION).exists()


def test_a_finished_regrade_does_not_block_the_next_one(
    client, trainer, exam, django_capture_on_commit_callbacks
):
    _finished_attempt_with_the_fixed_answer(exam)
    client.force_login(trainer)

    for _n in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(_regrade_url(exam))

    assert list(Job.objects.values_list("status", flat=True)) == [Job.Status.SUCCEEDED] * 2
    # The second run finds nothing more to change.
    assert Job.objects.order_by("created_at").last().result["changed"] == 0
    assert Attempt.objects.get().regrade_count == 0
