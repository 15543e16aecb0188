"""Demo onboarding, for ``manage.py load_initial_data``: paths for the demo roles, and demo
learners not started, half-way, overdue and completed.

Everything goes through the services, as a learner and a manager would; running it again
changes nothing (paths are found by name, work already done is not done again).
"""

from datetime import timedelta

from django.db import transaction

from content import scenarios
from content.demo import load_demo_course
from content.models import LessonPage, ScenarioPage
from lms.people.models import JobRole, OrgUnit, User
from lms.people.selectors import person_today
from quizzes.demo import load_demo_exam
from quizzes.models import Attempt, Question
from quizzes.services import attempt_answer_save, attempt_start, attempt_submit

from .models import Enrolment, OnboardingPath, PathCourse, ScenarioRun
from .services import (
    enrolment_set_due,
    enrolments_sync,
    lesson_complete,
    scenario_run_choose,
    scenario_run_start,
)

# (name, description, job role code, unit code, days to complete the demo course)
DEMO_PATHS = [
    (
        "Sales consultants: first weeks",
        "Every new sales consultant learns the service standards and sits the final exam "
        "within two weeks of starting.",
        "sales-consultant",
        "academy-retail",
        14,
    ),
    (
        "Cashiers in Central Asia",
        "Cashiers of the Bishkek and Osh stores take the service standards course within "
        "three weeks.",
        "cashier",
        "central-asia",
        21,
    ),
]

HALF_WAY = "learner@academy.example"  # two lessons read of six
OVERDUE = "olga@academy.example"  # not started; her manager's due date has passed
COMPLETED = "karol@academy.example"  # lessons, role-plays and the exam passed
MANAGER = "manager@academy.example"
# Peter (peter@academy.example) and Aigul (aigul@academy.example) have not started.


def load_demo_paths() -> list[OnboardingPath]:
    """The demo paths, each giving the demo course; created once, found by name after."""
    course = load_demo_course()
    paths = []
    for name, description, role_code, unit_code, days in DEMO_PATHS:
        path = OnboardingPath.objects.filter(name=name).first()
        if path is None:
            path = OnboardingPath.objects.create(
                name=name,
                description=description,
                job_role=JobRole.objects.get(code=role_code),
                unit=OrgUnit.objects.get(code=unit_code),
            )
            PathCourse.objects.create(path=path, course=course, due_in_days=days)
        paths.append(path)
    return paths


def _best_choices(nodes: list[scenarios.Node]) -> list[int]:
    """The reply indexes, from the first step, of a highest-scoring way to an ending that
    visits no step twice (the demo scenarios are a dozen steps: a full search is quick)."""
    by_key = {node.key: node for node in nodes}

    def best(key: str, seen: frozenset[str]) -> tuple[int, list[int]] | None:
        node = by_key[key]
        if node.ending:
            return 0, []
        found = None
        for index, reply in enumerate(node.replies):
            if reply.next in seen or reply.next not in by_key:
                continue
            rest = best(reply.next, seen | {reply.next})
            if rest is not None and (found is None or reply.points + rest[0] > found[0]):
                found = (reply.points + rest[0], [index, *rest[1]])
        return found

    return best(nodes[0].key, frozenset({nodes[0].key}))[1]


def _pass_scenario(person: User, scenario: ScenarioPage) -> None:
    if ScenarioRun.objects.filter(
        user=person, scenario_key=scenario.translation_key, passed=True
    ).exists():
        return
    run = scenario_run_start(user=person, scenario=scenario)
    nodes = scenario.scenario_graph()
    for reply in _best_choices(nodes)[len(run.choices) :]:
        step = scenarios.walk(nodes, run.choices).current
        run = scenario_run_choose(user=person, run=run, step_key=step.key, reply=reply)


def _options(item, *, right: bool) -> list[str]:
    """The option keys that score full marks on an attempt question (from its revision),
    or, with ``right=False``, ones that score nothing (an ordering in reverse)."""
    question = item.revision.as_object()
    options = question.ordered_options()
    if question.question_type == Question.Type.ORDERING:
        keys = [option.key for option in options]
        return keys if right else keys[::-1]
    if question.question_type == Question.Type.MULTIPLE:
        return [option.key for option in options if (option.fraction > 0) == right]
    if right:
        return [max(options, key=lambda option: option.fraction).key]
    return [min(options, key=lambda option: option.fraction).key]


def sit_demo_exam(person: User, exam, *, right: int | None = None) -> Attempt:
    """``person`` sits ``exam`` through the services, answering the first ``right``
    questions right and the rest wrong (all right when ``right`` is None)."""
    attempt = attempt_start(user=person, exam=exam)
    items = attempt.questions.select_related("revision", "answer").order_by("position")
    for position, item in enumerate(items):
        attempt_answer_save(
            user=person,
            attempt=attempt,
            question_position=item.position,
            selected=_options(item, right=right is None or position < right),
            sequence=item.answer.sequence + 1,
        )
    return attempt_submit(user=person, attempt=attempt)


def _pass_exam(person: User, exam) -> None:
    if Attempt.objects.filter(user=person, exam_key=exam.translation_key, passed=True).exists():
        return
    sit_demo_exam(person, exam)


@transaction.atomic
def load_demo_learning() -> None:
    """Paths, the demo people enrolled by them, and each demo learner's progress."""
    load_demo_paths()
    course = load_demo_course()
    exam = load_demo_exam()
    for person in User.objects.filter(is_active=True, job_role__isnull=False):
        enrolments_sync(person=person)

    lessons = list(LessonPage.objects.child_of(course).live().order_by("path"))
    half_way = User.objects.get(email=HALF_WAY)
    for lesson in lessons[:2]:
        lesson_complete(user=half_way, lesson=lesson)

    completed = User.objects.get(email=COMPLETED)
    for lesson in lessons:
        lesson_complete(user=completed, lesson=lesson)
    for scenario in ScenarioPage.objects.child_of(course).live().order_by("path"):
        _pass_scenario(completed, scenario)
    _pass_exam(completed, exam)

    overdue = User.objects.get(email=OVERDUE)
    enrolment = Enrolment.objects.get(user=overdue, course_key=course.translation_key)
    late = person_today(overdue) - timedelta(days=5)
    if enrolment.due_on is None or enrolment.due_on >= person_today(overdue):
        # Her manager moved the due date; it has passed.
        enrolment_set_due(actor=User.objects.get(email=MANAGER), enrolment=enrolment, due_on=late)
