"""Reads of learner state: course progress, where to go next, and the scenario player."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from wagtail.models import Page

from content import scenarios
from content.models import CoursePage, LessonPage, ScenarioPage, Standard
from content.selectors import lessons_by_standard, standards_by_key
from quizzes.models import Attempt, ExamPage

from .models import LessonCompletion, ScenarioRun

LESSON = "lesson"
SCENARIO = "scenario"
EXAM = "exam"


@dataclass(frozen=True)
class SyllabusEntry:
    """A lesson, scenario or exam of a course's syllabus, with what this person has done.

    ``done`` means read for a lesson and passed for a scenario or an exam; ``attempted``
    says a scenario has been played or an exam attempt finished (passed or not).
    """

    page: LessonPage | ScenarioPage | ExamPage
    kind: str
    done: bool
    attempted: bool = False

    @property
    def required(self) -> bool:
        return self.page.required

    @property
    def is_scenario(self) -> bool:
        return self.kind == SCENARIO

    @property
    def is_exam(self) -> bool:
        return self.kind == EXAM


@dataclass(frozen=True)
class CourseProgress:
    """How far a person has got in a course; for anonymous visitors nothing is done."""

    entries: list[SyllabusEntry]
    required_done: int
    required_total: int
    next_page: LessonPage | ScenarioPage | ExamPage | None
    tracked: bool

    @property
    def percent(self) -> int:
        if not self.required_total:
            return 100
        return self.required_done * 100 // self.required_total

    @property
    def started(self) -> bool:
        return any(entry.done or entry.attempted for entry in self.entries)

    @property
    def finished(self) -> bool:
        """Every required lesson is read, every required scenario and exam passed."""
        return self.required_done == self.required_total

    @property
    def has_scenarios(self) -> bool:
        return any(entry.is_scenario for entry in self.entries)

    @property
    def has_exam(self) -> bool:
        return any(entry.is_exam for entry in self.entries)

    @property
    def only_lessons(self) -> bool:
        return all(entry.kind == LESSON for entry in self.entries)


def _children_of(model, courses: Sequence[CoursePage]):
    """Live pages of ``model`` right below any of ``courses``, each in its course's locale."""
    below = Q()
    for course in courses:
        below |= Q(path__startswith=course.path, depth=course.depth + 1, locale_id=course.locale_id)
    return model.objects.live().filter(below)


def _syllabus_entries(user, courses: Sequence[CoursePage]) -> list[SyllabusEntry]:
    """The live lessons, scenarios and exams of ``courses`` with what ``user`` has done, in
    tree order. Three queries (one per page type), the person's state as subqueries."""
    lessons = _children_of(LessonPage, courses)
    # The steps can be long and the syllabus never shows them.
    scenario_pages = _children_of(ScenarioPage, courses).defer("steps")
    exams = _children_of(ExamPage, courses)
    if user.is_authenticated:
        lessons = lessons.annotate(
            done=Exists(
                LessonCompletion.objects.filter(user=user, lesson_key=OuterRef("translation_key"))
            )
        )
        runs = ScenarioRun.objects.filter(user=user, scenario_key=OuterRef("translation_key"))
        scenario_pages = scenario_pages.annotate(
            done=Exists(runs.filter(passed=True)), attempted=Exists(runs)
        )
        attempts = Attempt.objects.filter(
            user=user, exam_key=OuterRef("translation_key"), finished_at__isnull=False
        )
        exams = exams.annotate(
            done=Exists(attempts.filter(passed=True)), attempted=Exists(attempts)
        )
    entries = [
        SyllabusEntry(
            page=page,
            kind=kind,
            done=getattr(page, "done", False),
            attempted=getattr(page, "attempted", False),
        )
        for kind, pages in ((LESSON, lessons), (SCENARIO, scenario_pages), (EXAM, exams))
        for page in pages
    ]
    # Tree order: the path of siblings sorts as the trainer ordered them.
    entries.sort(key=lambda entry: entry.page.path)
    return entries


def _progress(entries: list[SyllabusEntry], *, tracked: bool) -> CourseProgress:
    """What is done of a course's entries, and the next thing to do: the first required
    entry not done, else the first entry not done."""
    not_done = [entry for entry in entries if not entry.done]
    next_entry = next((entry for entry in not_done if entry.required), None) or next(
        iter(not_done), None
    )
    return CourseProgress(
        entries=entries,
        required_done=sum(1 for entry in entries if entry.required and entry.done),
        required_total=sum(1 for entry in entries if entry.required),
        next_page=next_entry.page if next_entry else None,
        tracked=tracked,
    )


def courses_progress(*, user, courses: Sequence[CoursePage]) -> dict[int, CourseProgress]:
    """``course_progress`` for many courses at once, by course id; three queries in all."""
    grouped: dict[str, list[SyllabusEntry]] = {course.path: [] for course in courses}
    if courses:
        for entry in _syllabus_entries(user, courses):
            grouped[entry.page.path[: -Page.steplen]].append(entry)
    return {
        course.pk: _progress(grouped[course.path], tracked=user.is_authenticated)
        for course in courses
    }


def course_progress(*, user, course: CoursePage) -> CourseProgress:
    """The course's live lessons, scenarios and exams in syllabus order, what is done, what next.

    A lesson read, a scenario or an exam passed in any language counts, since all are kept
    by translation key. Three queries whatever the number of pages, runs or attempts: one
    per page type, each carrying the person's state as a subquery.
    """
    return courses_progress(user=user, courses=[course])[course.pk]


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


# Role-play scenarios ---------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioStanding:
    """A person's place in a scenario: the run to continue, and their best finished run."""

    open_run: ScenarioRun | None
    best_run: ScenarioRun | None


def scenario_standing(*, user, scenario: ScenarioPage) -> ScenarioStanding:
    """The open run on this page and the best finished run in any language.

    Two queries; none for anonymous visitors.
    """
    # A page previewed before its first save has no runs yet.
    if not user.is_authenticated or scenario.pk is None:
        return ScenarioStanding(open_run=None, best_run=None)
    open_run = ScenarioRun.objects.filter(
        user=user, scenario=scenario, finished_at__isnull=True
    ).first()
    best_run = (
        ScenarioRun.objects.filter(
            user=user, scenario_key=scenario.translation_key, finished_at__isnull=False
        )
        .order_by("-passed", "-score", "finished_at")
        .first()
    )
    return ScenarioStanding(open_run=open_run, best_run=best_run)


def scenario_run_page(run: ScenarioRun) -> ScenarioPage:
    """The version of the scenario that ``run`` plays.

    The revision it started on; the page as it is now only when the run has none (a page
    saved without revisions, or a revision since deleted).
    """
    if run.revision is not None:
        return run.revision.as_object()
    return run.scenario.specific


@dataclass(frozen=True)
class ReplyOption:
    """A reply the learner may choose: its index and its words, nothing about its outcome."""

    index: int
    text: str


@dataclass(frozen=True)
class CurrentStep:
    """The step waiting for a reply: what the customer says and the replies offered."""

    key: str
    customer_line: str
    options: list[ReplyOption]


@dataclass(frozen=True)
class PlayedStep:
    """A choice already made: the customer's line, the reply, and what it earned."""

    number: int
    step_key: str
    customer_line: str
    reply_text: str
    feedback: str
    points: int
    standard: Standard | None
    effect: str


@dataclass(frozen=True)
class StandardResult:
    """A standard the learner applied or broke, with the live lessons that teach it."""

    standard: Standard
    applied: int
    broken: int
    lessons: list[LessonPage]


@dataclass(frozen=True)
class Ending:
    """How the conversation ended."""

    key: str
    title: str
    text: str


@dataclass(frozen=True)
class PlayerState:
    """Everything the player shows at one moment; never an outcome not chosen yet."""

    scenario: ScenarioPage
    path: list[PlayedStep]
    step: CurrentStep | None
    ending: Ending | None
    score: int
    max_score: int
    pass_score: int
    passed: bool
    finished: bool
    standards: list[StandardResult] = field(default_factory=list)

    @property
    def position(self) -> int:
        """How many replies have been chosen; the step being shown is this plus one."""
        return len(self.path)

    @property
    def last(self) -> PlayedStep | None:
        return self.path[-1] if self.path else None


def scenario_path_entry(scenario: ScenarioPage, step_key: str, reply: int, points: int) -> dict:
    """A choice as a run stores it: enough to summarise it after the page changes."""
    value = _steps_by_key(scenario).get(step_key)
    chosen = value["replies"][reply] if value is not None else None
    standard = chosen.get("standard") if chosen is not None else None
    return {
        "step": step_key,
        "reply": reply,
        "points": points,
        "standard": str(standard.translation_key) if standard else None,
        "effect": (chosen.get("effect") or "") if standard else "",
    }


def _steps_by_key(scenario: ScenarioPage) -> dict:
    # Memoised on the page object: every lookup of one request reads the same stream.
    cached = getattr(scenario, "_learning_steps_by_key", None)
    if cached is None:
        cached = {child.value.get("key"): child.value for child in scenario.steps}
        scenario._learning_steps_by_key = cached
    return cached


def _played_steps(scenario: ScenarioPage, entries: Sequence[dict], standards) -> list[PlayedStep]:
    steps = _steps_by_key(scenario)
    played = []
    for number, entry in enumerate(entries, start=1):
        value = steps.get(entry["step"])
        replies = value["replies"] if value is not None else []
        chosen = replies[entry["reply"]] if 0 <= entry["reply"] < len(replies) else None
        played.append(
            PlayedStep(
                number=number,
                step_key=entry["step"],
                customer_line=value["customer_line"] if value is not None else "",
                reply_text=chosen["text"] if chosen is not None else "",
                feedback=chosen["feedback"] if chosen is not None else "",
                points=entry["points"],
                standard=standards.get(entry.get("standard") or ""),
                effect=entry.get("effect") or "",
            )
        )
    return played


def _standard_results(path: list[PlayedStep], lessons) -> list[StandardResult]:
    results: dict[int, StandardResult] = {}
    for step in path:
        if step.standard is None or step.effect not in {"applies", "breaks"}:
            continue
        key = str(step.standard.translation_key)
        previous = results.get(step.standard.pk)
        results[step.standard.pk] = StandardResult(
            standard=step.standard,
            applied=(previous.applied if previous else 0) + (step.effect == "applies"),
            broken=(previous.broken if previous else 0) + (step.effect == "breaks"),
            lessons=lessons.get(key, []),
        )
    return list(results.values())


def _player_state(
    *,
    scenario: ScenarioPage,
    entries: Sequence[dict],
    current_key: str | None,
    ending_key: str | None,
    score: int,
    max_score: int,
    pass_score: int,
) -> PlayerState:
    steps = _steps_by_key(scenario)
    finished = ending_key is not None
    keys = {entry["standard"] for entry in entries if entry.get("standard")}
    standards = standards_by_key(keys, scenario.locale_id, live_only=True)
    path = _played_steps(scenario, entries, standards)
    step = None
    if not finished and current_key in steps:
        value = steps[current_key]
        step = CurrentStep(
            key=current_key,
            customer_line=value["customer_line"],
            options=[
                ReplyOption(index=index, text=reply["text"])
                for index, reply in enumerate(value["replies"])
            ],
        )
    ending = None
    results = []
    if finished:
        ending_value = steps.get(ending_key)
        ending = Ending(
            key=ending_key,
            title=ending_value["title"] if ending_value is not None else "",
            text=ending_value["text"] if ending_value is not None else "",
        )
        # Only the summary links lessons, so only a finished run looks them up.
        results = _standard_results(path, lessons_by_standard(keys, scenario.locale_id))
    return PlayerState(
        scenario=scenario,
        path=path,
        step=step,
        ending=ending,
        score=score,
        max_score=max_score,
        pass_score=pass_score,
        passed=finished and score >= pass_score,
        finished=finished,
        standards=results,
    )


def scenario_run_current_key(run: ScenarioRun, scenario: ScenarioPage) -> str | None:
    """The key of the step an open run waits at; None when its choices no longer fit.

    Only a run without its revision (deleted) can stop fitting, when the page it falls back
    on has changed its steps since.
    """
    try:
        state = scenarios.walk(scenario.scenario_graph(), run.choices)
    except scenarios.InvalidChoice:
        return None
    if state.finished or state.current is None:
        return None
    return state.current.key


def scenario_run_state(*, run: ScenarioRun) -> PlayerState:
    """What the player shows for a stored run, from its own revision.

    A fixed number of queries whatever the number of steps, replies, standards or runs.
    """
    scenario = scenario_run_page(run)
    current_key = None
    if not run.finished:
        current_key = scenario_run_current_key(run, scenario)
    return _player_state(
        scenario=scenario,
        entries=run.path,
        current_key=current_key,
        ending_key=run.ending_key if run.finished else None,
        score=run.score,
        max_score=run.max_score,
        pass_score=run.pass_score,
    )


def scenario_draft_state(*, scenario: ScenarioPage, choices: Sequence[int]) -> PlayerState:
    """What the player shows for a trainer's draft play: ``choices`` walked on ``scenario``.

    Raises ``content.scenarios.InvalidChoice`` when the choices no longer fit the draft.
    """
    nodes = scenario.scenario_graph()
    state = scenarios.walk(nodes, choices)
    entries = [
        scenario_path_entry(scenario, step_key, reply, points)
        for step_key, reply, points in state.path
    ]
    return _player_state(
        scenario=scenario,
        entries=entries,
        current_key=state.current.key if state.current is not None else None,
        ending_key=state.ending.key if state.finished else None,
        score=state.score,
        max_score=scenarios.max_score(nodes),
        pass_score=scenario.pass_score,
    )
