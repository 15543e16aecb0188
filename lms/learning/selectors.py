"""Reads of learner state: course progress and where to go next."""

from dataclasses import dataclass

from wagtail.models import Page

from content.models import CoursePage, LessonPage

from .models import LessonCompletion


@dataclass(frozen=True)
class SyllabusLesson:
    """A lesson of a course's syllabus, with whether this person has done it."""

    page: LessonPage
    completed: bool

    @property
    def required(self) -> bool:
        return self.page.required


@dataclass(frozen=True)
class CourseProgress:
    """How far a person has got in a course; for anonymous visitors nothing is done."""

    lessons: list[SyllabusLesson]
    required_done: int
    required_total: int
    next_lesson: LessonPage | None
    tracked: bool

    @property
    def percent(self) -> int:
        if not self.required_total:
            return 100
        return self.required_done * 100 // self.required_total

    @property
    def started(self) -> bool:
        return any(lesson.completed for lesson in self.lessons)

    @property
    def finished(self) -> bool:
        """Every required lesson is done."""
        return self.required_done == self.required_total


def _completed_keys(*, user, lessons) -> set:
    if not user.is_authenticated or not lessons:
        return set()
    return set(
        LessonCompletion.objects.filter(
            user=user, lesson_key__in=[lesson.translation_key for lesson in lessons]
        ).values_list("lesson_key", flat=True)
    )


def course_progress(*, user, course: CoursePage) -> CourseProgress:
    """The course's live lessons in syllabus order, each marked done or not, and what next.

    A lesson done in any language counts, since completions are kept by translation key.
    Two queries whatever the number of lessons; one for anonymous visitors.
    """
    # Queried as LessonPage, not Page.specific(), so the lessons come in one query.
    lessons = list(LessonPage.objects.child_of(course).live().filter(locale_id=course.locale_id))
    done_keys = _completed_keys(user=user, lessons=lessons)
    syllabus = [
        SyllabusLesson(page=lesson, completed=lesson.translation_key in done_keys)
        for lesson in lessons
    ]
    not_done = [entry for entry in syllabus if not entry.completed]
    next_entry = next((entry for entry in not_done if entry.required), None) or next(
        iter(not_done), None
    )
    return CourseProgress(
        lessons=syllabus,
        required_done=sum(1 for entry in syllabus if entry.required and entry.completed),
        required_total=sum(1 for entry in syllabus if entry.required),
        next_lesson=next_entry.page if next_entry else None,
        tracked=user.is_authenticated,
    )


def lesson_is_completed(*, user, lesson: LessonPage) -> bool:
    """Whether ``user`` has done ``lesson`` in any language; no query for anonymous visitors."""
    if not user.is_authenticated:
        return False
    return LessonCompletion.objects.filter(user=user, lesson_key=lesson.translation_key).exists()


def lesson_neighbours(*, lesson: Page) -> tuple[Page | None, Page | None]:
    """The live pages before and after ``lesson`` among its siblings, in one query."""
    siblings = list(
        Page.objects.sibling_of(lesson, inclusive=True).live().filter(locale_id=lesson.locale_id)
    )
    positions = [sibling.pk for sibling in siblings]
    if lesson.pk not in positions:
        return None, None
    index = positions.index(lesson.pk)
    previous_page = siblings[index - 1] if index > 0 else None
    next_page = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous_page, next_page
