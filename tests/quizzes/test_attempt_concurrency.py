"""Real concurrency on PostgreSQL: simultaneous starts and submits from two threads.

Each thread has its own database connection and its own transactions, as two web
requests would. A pause inside the service, after its checks, makes the threads overlap
where a race would do harm: without the locks both would pass the checks.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from wagtail.models import Site

from quizzes import services
from quizzes.models import Attempt
from quizzes.signals import attempt_finished
from tests.factories.content import CourseIndexPageFactory, CoursePageFactory
from tests.factories.people import LearnerFactory
from tests.factories.quizzes import ExamPageFactory, answer_attempt

PAUSE = 0.3


def run_at_once(count, target):
    """Run ``target()`` in ``count`` threads started together; their results, or errors."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as error:  # reported to the test, not lost in the thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def slowed(monkeypatch, name):
    """Pause after ``services.<name>`` so that concurrent callers overlap there."""
    original = getattr(services, name)

    def slow(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(PAUSE)
        return result

    monkeypatch.setattr(services, name, slow)


@pytest.fixture
def exam(transactional_site):
    home = Site.objects.get(is_default_site=True).root_page
    course = CoursePageFactory(parent=CourseIndexPageFactory(parent=home))
    return ExamPageFactory(parent=course, attempts_allowed=2, resit_after_pass=True)


def test_simultaneous_starts_with_one_attempt_left_create_one_attempt(exam, monkeypatch):
    learner = LearnerFactory()
    first = services.attempt_start(user=learner, exam=exam)
    services.attempt_submit(user=learner, attempt=first)
    slowed(monkeypatch, "_check_may_start")

    results = run_at_once(3, lambda: services.attempt_start(user=learner, exam=exam))

    assert all(isinstance(result, Attempt) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert Attempt.objects.filter(user=learner).count() == 2
    assert Attempt.objects.get(user=learner, status=Attempt.Status.OPEN).number == 2


def test_simultaneous_first_starts_create_one_attempt(exam, monkeypatch):
    learner = LearnerFactory()
    slowed(monkeypatch, "_check_may_start")

    results = run_at_once(2, lambda: services.attempt_start(user=learner, exam=exam))

    assert all(isinstance(result, Attempt) for result in results), results
    assert results[0].pk == results[1].pk
    assert Attempt.objects.filter(user=learner).count() == 1


def test_simultaneous_submits_grade_once_and_return_the_same_result(exam, monkeypatch):
    learner = LearnerFactory()
    attempt = services.attempt_start(user=learner, exam=exam)
    answer_attempt(attempt)
    grades = []
    slowed(monkeypatch, "_grade")
    original_grade = services._grade

    def counting_grade(*args, **kwargs):
        grades.append(1)
        return original_grade(*args, **kwargs)

    monkeypatch.setattr(services, "_grade", counting_grade)
    signals = []

    def receiver(sender, attempt, **kwargs):
        signals.append(attempt.pk)

    attempt_finished.connect(receiver, weak=False)
    try:
        results = run_at_once(2, lambda: services.attempt_submit(user=learner, attempt=attempt))
    finally:
        attempt_finished.disconnect(receiver)

    assert all(isinstance(result, Attempt) for result in results), results
    assert {(r.pk, r.percentage, r.passed, r.graded_at) for r in results} == {
        (attempt.pk, Decimal(100), True, results[0].graded_at)
    }
    assert len(grades) == 1
    assert signals == [attempt.pk]
