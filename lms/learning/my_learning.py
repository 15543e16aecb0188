"""The learner's home, "My learning": their courses, how far they are, what to open next.

A selector in its own module because it reads everything at once. Progress follows the
same rule as ``selectors.course_progress`` (required done of required total; next is the
first required step not done, else the first step not done), but for all the courses in
one query per page type, so the page runs a fixed number of queries however many courses
a person has.
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Page

from content.models import CoursePage
from lms.people.selectors import person_zone

from .models import Enrolment
from .selectors import CourseProgress, courses_progress


@dataclass(frozen=True)
class MyCourse:
    """One of the person's courses as "My learning" shows it, in the language they read."""

    enrolment: Enrolment
    course: CoursePage
    status: str
    days_left: int | None
    completed_on: date | None
    progress: CourseProgress

    @property
    def due_on(self) -> date | None:
        return self.enrolment.due_on

    @property
    def percent(self) -> int:
        return self.progress.percent

    @property
    def days_late(self) -> int:
        """Days past the due date; 0 when not late."""
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def next_page(self) -> Page | None:
        return self.progress.next_page

    @property
    def is_overdue(self) -> bool:
        return self.status == Enrolment.Status.OVERDUE

    @property
    def is_completed(self) -> bool:
        return self.status == Enrolment.Status.COMPLETED

    @property
    def started(self) -> bool:
        """Something done or tried, by the record or by what the pages show now."""
        return self.enrolment.started_at is not None or self.progress.started


@dataclass(frozen=True)
class MyLearning:
    """What a person has to do, what they have finished, and the courses they may add."""

    today: date
    to_do: list[MyCourse]
    completed: list[MyCourse]
    can_add: list[CoursePage]

    @property
    def has_courses(self) -> bool:
        return bool(self.to_do or self.completed)


def _shown_courses(enrolments: list[Enrolment], language: str) -> dict[int, CoursePage]:
    """For each enrolment (by id), its course in ``language`` where that is live, else the
    course it was made for; enrolments whose course is live in neither are left out. One query.
    """
    translations = {
        course.translation_key: course
        for course in CoursePage.objects.live().filter(
            translation_key__in={enrolment.course_key for enrolment in enrolments},
            locale__language_code=language,
        )
    }
    shown = {}
    for enrolment in enrolments:
        course = translations.get(enrolment.course_key)
        if course is None and enrolment.course.live:
            course = enrolment.course
        if course is not None:
            shown[enrolment.pk] = course
    return shown


def _to_do_order(item: MyCourse):
    # Overdue first, then the nearest due date, courses without one last.
    return (not item.is_overdue, item.due_on is None, item.due_on or date.min, item.course.title)


def my_learning(*, user, language: str | None = None) -> MyLearning:
    """The person's active enrolments, split into to do and completed, and the courses open
    for self-enrolment they could add, all in ``language`` (by default the one they prefer).

    Statuses and days left are counted on the person's local date at their home store.
    At most eight queries, however many courses, pages, runs or attempts there are.
    """
    language = language or user.preferred_language or get_language() or settings.LANGUAGE_CODE
    zone = person_zone(user)
    today = timezone.now().astimezone(zone).date()
    enrolments = list(
        Enrolment.objects.filter(user=user, withdrawn_at__isnull=True).select_related("course")
    )
    shown = _shown_courses(enrolments, language) if enrolments else {}
    courses = list({course.pk: course for course in shown.values()}.values())
    progress = courses_progress(user=user, courses=courses)
    to_do, completed = [], []
    for enrolment in enrolments:
        course = shown.get(enrolment.pk)
        if course is None:
            continue
        status = enrolment.status_on(today)
        item = MyCourse(
            enrolment=enrolment,
            course=course,
            status=status,
            days_left=(
                (enrolment.due_on - today).days
                if enrolment.due_on is not None and status != Enrolment.Status.COMPLETED
                else None
            ),
            completed_on=(
                enrolment.completed_at.astimezone(zone).date()
                if enrolment.completed_at is not None
                else None
            ),
            progress=progress[course.pk],
        )
        (completed if item.is_completed else to_do).append(item)
    to_do.sort(key=_to_do_order)
    completed.sort(key=lambda item: item.enrolment.completed_at, reverse=True)
    can_add = list(
        CoursePage.objects.live()
        .filter(self_enrolment=True, locale__language_code=language)
        .exclude(
            translation_key__in=Enrolment.objects.filter(
                user=user, withdrawn_at__isnull=True
            ).values("course_key")
        )
        .order_by("title", "pk")
    )
    return MyLearning(today=today, to_do=to_do, completed=completed, can_add=can_add)


def is_enrolled(*, user, course: CoursePage) -> bool:
    """Whether ``user`` has an active enrolment in ``course`` (in any language); one query,
    none for an anonymous visitor."""
    if not user.is_authenticated:
        return False
    return Enrolment.objects.filter(
        user=user, course_key=course.translation_key, withdrawn_at__isnull=True
    ).exists()
