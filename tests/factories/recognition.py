"""Factories for recognition programmes and the monthly facts they rank.

Attempts, role-play runs and enrolments are written directly, finished and graded, so a
test of the standings can set each fact (and each instant) exactly. Tests of how those
records come about go through the services in their own apps.
"""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import factory
import wagtail_factories
from wagtail.models import Locale

from lms.learning.models import Enrolment, ScenarioRun
from lms.recognition.models import Award, MonthResult, Programme, RecognitionWallPage
from quizzes.models import Attempt


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A store-level programme scored on exams alone, one winner, one exam to take part."""

    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Service star {n}")
    slug = factory.Sequence(lambda n: f"service-star-{n}")
    scope_level = Programme.ScopeLevel.STORE


class FinishedAttemptFactory(factory.django.DjangoModelFactory):
    """A graded exam attempt; pass ``user``, ``exam`` (any exam page), ``exam_key``,
    ``percentage`` and ``finished_at``. The store defaults to the person's home store."""

    class Meta:
        model = Attempt

    exam_key = factory.LazyFunction(uuid.uuid4)
    number = factory.Sequence(lambda n: n + 1)
    status = Attempt.Status.SUBMITTED
    locale = factory.LazyFunction(Locale.get_default)
    store = factory.LazyAttribute(lambda attempt: attempt.user.home_store)
    pass_mark = Decimal(80)
    percentage = Decimal(80)
    finished_at = datetime(2026, 1, 15, 12, tzinfo=UTC)
    started_at = factory.LazyAttribute(lambda attempt: attempt.finished_at)
    submitted_at = factory.LazyAttribute(lambda attempt: attempt.finished_at)
    graded_at = factory.LazyAttribute(lambda attempt: attempt.finished_at)
    passed = factory.LazyAttribute(lambda attempt: attempt.percentage >= attempt.pass_mark)


class FinishedScenarioRunFactory(factory.django.DjangoModelFactory):
    """A finished role-play run; pass ``user``, ``scenario`` (a page), ``scenario_key``,
    ``score`` and ``finished_at``. The best possible score is 5."""

    class Meta:
        model = ScenarioRun

    scenario_key = factory.LazyFunction(uuid.uuid4)
    score = 5
    max_score = 5
    pass_score = 3
    passed = factory.LazyAttribute(lambda run: run.score >= run.pass_score)
    ending_key = "settled"
    finished_at = datetime(2026, 1, 15, 12, tzinfo=UTC)
    started_at = factory.LazyAttribute(
        lambda run: run.finished_at or datetime(2026, 1, 1, tzinfo=UTC)
    )


class DueEnrolmentFactory(factory.django.DjangoModelFactory):
    """An enrolment with a due date; pass ``user``, ``course``, ``due_on`` and
    ``completed_at`` (None: not completed). Each gets its own course key."""

    class Meta:
        model = Enrolment

    course_key = factory.LazyFunction(uuid.uuid4)
    source = Enrolment.Source.MANAGER
    enrolled_at = datetime(2026, 1, 1, tzinfo=UTC)
    completed_at = None


class AwardFactory(factory.django.DjangoModelFactory):
    """A proposed award for January 2026; pass ``programme``, ``unit`` and ``user``."""

    class Meta:
        model = Award

    month = date(2026, 1, 1)
    rank = 1
    score = Decimal(90)
    status = Award.Status.PROPOSED
    proposed_at = datetime(2026, 2, 1, 8, tzinfo=UTC)


class MonthResultFactory(factory.django.DjangoModelFactory):
    """January 2026 granted for a programme and unit; pass ``programme`` and ``unit``."""

    class Meta:
        model = MonthResult

    month = date(2026, 1, 1)
    granted_at = datetime(2026, 2, 1, 8, tzinfo=UTC)


class RecognitionWallPageFactory(wagtail_factories.PageFactory):
    """A live recognition wall; pass ``parent`` (the home page)."""

    class Meta:
        model = RecognitionWallPage

    title = "Stars of the month"
    slug = "stars"
    introduction = "The people who served our customers best."
