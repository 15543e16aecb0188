"""Writes of learner state: lessons, role-play runs, onboarding paths and enrolments."""

from collections.abc import Sequence
from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from content import scenarios
from content.models import CoursePage, LessonPage, ScenarioPage
from lms.jobs.models import Job
from lms.jobs.services import job_create
from lms.people.models import User
from lms.people.selectors import people_in_scope, person_today, time_zones_for_units
from quizzes.selectors import best_attempt_for

from .models import Enrolment, LessonCompletion, OnboardingPath, PathCourse, ScenarioRun
from .selectors import (
    course_progress,
    scenario_path_entry,
    scenario_run_current_key,
    scenario_run_page,
)
from .signals import enrolment_completed


def _check_can_complete(*, user, lesson) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Only an active person can track lessons."))
    if not isinstance(lesson, LessonPage) or not lesson.live:
        raise ValidationError(_("Only a published lesson can be marked as complete."))


def lesson_complete(*, user, lesson: LessonPage) -> LessonCompletion:
    """Record that ``user`` has done ``lesson``, in any of its languages; safe to repeat.

    The first completion is kept, with the page and time it was first marked on.
    """
    _check_can_complete(user=user, lesson=lesson)
    # get_or_create recovers from a concurrent insert through the unique constraint, so a
    # double submit from two tabs ends with one row, not an IntegrityError.
    with transaction.atomic():
        completion, _created = LessonCompletion.objects.get_or_create(
            user=user,
            lesson_key=lesson.translation_key,
            defaults={"lesson": lesson},
        )
        enrolment_refresh_for_page(user=user, page=lesson)
    return completion


def lesson_uncomplete(*, user, lesson: LessonPage) -> None:
    """Forget that ``user`` has done ``lesson`` in any language; safe to repeat."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Only a signed-in person can track lessons."))
    LessonCompletion.objects.filter(user=user, lesson_key=lesson.translation_key).delete()


# Role-play scenarios ---------------------------------------------------------------------


def _check_can_play(*, user) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Only an active, signed-in person can play a scenario."))


def _check_playable(nodes: Sequence[scenarios.Node]) -> None:
    if scenarios.scenario_problems(nodes):
        raise ValidationError(
            _(
                "This scenario has problems in its steps and cannot be played until a "
                "trainer fixes them."
            )
        )


def scenario_run_start(*, user, scenario: ScenarioPage) -> ScenarioRun:
    """Resume ``user``'s open run of ``scenario``, or start a new one; safe to repeat.

    A new run plays the page's live revision, and keeps playing it whatever is published
    later. A finished run is never reopened: starting again after it is a retry, a new run.
    """
    _check_can_play(user=user)
    if not isinstance(scenario, ScenarioPage) or not scenario.live:
        raise ValidationError(_("Only a published scenario can be played."))
    open_runs = ScenarioRun.objects.filter(user=user, scenario=scenario, finished_at__isnull=True)
    existing = open_runs.select_related("scenario", "revision").first()
    if existing is not None:
        if scenario_run_current_key(existing, scenario_run_page(existing)) is not None:
            return existing
        # Its revision is gone and the page has changed under it: it cannot go on. It is
        # closed, not passed, and kept; the new run below replaces it.
        existing.finished_at = timezone.now()
        existing.save(update_fields=["finished_at"])

    revision = scenario.live_revision
    played = revision.as_object() if revision is not None else scenario
    nodes = played.scenario_graph()
    _check_playable(nodes)
    run = ScenarioRun(
        user=user,
        scenario=scenario,
        scenario_key=scenario.translation_key,
        revision=revision,
        max_score=scenarios.max_score(nodes),
        pass_score=played.pass_score,
    )
    run.full_clean(validate_constraints=False)
    try:
        # The savepoint lets a start racing in another tab fall back to that tab's run.
        with transaction.atomic():
            run.save()
    except IntegrityError:
        return open_runs.get()
    enrolment_refresh_for_page(user=user, page=scenario)
    return run


def _advance(
    nodes: Sequence[scenarios.Node],
    choices: Sequence[int],
    *,
    step_key: str,
    reply,
    position: int | None,
) -> scenarios.Walk | None:
    """Where ``choices`` plus ``reply`` lead, or None when the form was for an earlier step.

    ``step_key`` (and ``position``, the number of replies already chosen, when given) say
    which step the form was shown for. A second submit of the same form, or a form left
    open in another tab, arrives after that step was answered: it changes nothing. Only
    the step key cannot tell a repeated submit from a loop back to the same step, hence
    the position.
    """
    try:
        before = scenarios.walk(nodes, choices)
    except scenarios.InvalidChoice as error:
        # Only a run whose revision is gone, on a page changed since, gets here.
        raise ValidationError(
            _("This scenario has changed since you started. Start again.")
        ) from error
    if before.finished or before.current is None or before.current.key != step_key:
        return None
    if position is not None and position != len(choices):
        return None
    if isinstance(reply, bool) or not isinstance(reply, int):
        raise ValidationError({"reply": _("Choose one of the replies.")}, code="invalid_reply")
    try:
        return scenarios.walk(nodes, [*choices, reply])
    except scenarios.InvalidChoice as error:
        raise ValidationError({"reply": str(error)}, code="invalid_reply") from error


def scenario_run_choose(
    *, user, run: ScenarioRun, step_key: str, reply: int, position: int | None = None
) -> ScenarioRun:
    """Record ``reply`` (an index) at the step ``step_key`` of ``run``; safe to repeat.

    A repeated or stale submit for a step already answered changes nothing. A reply the
    step does not offer raises ValidationError and changes nothing. The last choice
    finishes the run: its score, whether it passed, the ending and when.
    """
    _check_can_play(user=user)
    with transaction.atomic():
        # of=("self",): lock the run only, not the page and revision it is read with.
        run = (
            ScenarioRun.objects.select_for_update(of=("self",))
            .select_related("scenario", "revision")
            .get(pk=run.pk)
        )
        if run.user_id != user.pk:
            raise PermissionDenied(_("This is someone else's run."))
        if not run.scenario.live:
            raise ValidationError(_("This scenario is no longer published."))
        if run.finished:
            return run
        played = scenario_run_page(run)
        after = _advance(
            played.scenario_graph(),
            run.choices,
            step_key=step_key,
            reply=reply,
            position=position,
        )
        if after is None:
            return run
        chosen_key, chosen_index, points = after.path[-1]
        run.choices = [*run.choices, chosen_index]
        run.path = [*run.path, scenario_path_entry(played, chosen_key, chosen_index, points)]
        run.score = after.score
        if after.finished:
            run.ending_key = after.ending.key
            run.passed = run.score >= run.pass_score
            run.finished_at = timezone.now()
        run.save(update_fields=["choices", "path", "score", "ending_key", "passed", "finished_at"])
        if run.finished:
            enrolment_refresh_for_page(user=user, page=run.scenario)
    return run


def scenario_draft_choose(
    *,
    scenario: ScenarioPage,
    choices: Sequence[int],
    step_key: str,
    reply: int,
    position: int | None = None,
) -> list[int]:
    """The choices of a trainer's draft play after ``reply``; nothing is stored.

    The same rules as ``scenario_run_choose``: a stale submit returns ``choices`` as they
    were, a reply the step does not offer raises ValidationError.
    """
    nodes = scenario.scenario_graph()
    _check_playable(nodes)
    after = _advance(nodes, choices, step_key=step_key, reply=reply, position=position)
    if after is None:
        return list(choices)
    return [*choices, after.path[-1][1]]


# Onboarding paths and enrolments ---------------------------------------------------------


def due_date_for(*, path_course: PathCourse, person, today: date) -> date | None:
    """When a course a path gives is due for ``person``, enrolled on their local ``today``.

    A number of days counts from the later of the hire date and the day of assignment, so
    staff who have worked here for years are not overdue the day a path is added.
    """
    if path_course.due_on is not None:
        return path_course.due_on
    if path_course.due_in_days is None:
        return None
    start = max(person.hire_date, today) if person.hire_date else today
    return start + timedelta(days=path_course.due_in_days)


def _ancestor_paths(unit) -> list[str]:
    """The treebeard paths of ``unit`` and every unit above it."""
    steplen = unit.steplen
    return [unit.path[:end] for end in range(steplen, len(unit.path) + 1, steplen)]


def path_courses_for(person) -> dict[UUID, PathCourse]:
    """The courses the active paths give ``person``, by course key; the first path wins.

    A path matches when its role (if any) is the person's and its unit (if any) is their
    home store or above it. One query.
    """
    if not person.is_active:
        return {}
    matches = Q(path__job_role__isnull=True) | Q(path__job_role_id=person.job_role_id)
    if person.home_store_id is None:
        matches &= Q(path__unit__isnull=True)
    else:
        matches &= Q(path__unit__isnull=True) | Q(
            path__unit__path__in=_ancestor_paths(person.home_store)
        )
    rows = (
        PathCourse.objects.filter(matches, path__active=True, course__live=True)
        .select_related("path", "course")
        .order_by("path__name", "path_id", "sort_order", "pk")
    )
    found: dict[UUID, PathCourse] = {}
    for row in rows:
        found.setdefault(row.course.translation_key, row)
    return found


def _check_course(course) -> CoursePage:
    course = course.specific if not isinstance(course, CoursePage) else course
    if not isinstance(course, CoursePage) or not course.live:
        raise ValidationError(_("Only a published course can be assigned."))
    return course


def _enrol(
    *,
    user,
    course: CoursePage,
    source: str,
    due_on: date | None,
    path: OnboardingPath | None = None,
    assigned_by=None,
) -> tuple[Enrolment, bool]:
    """Create the enrolment, or bring back a withdrawn one; an active one is left alone.

    Returns the enrolment and whether it is new (or came back). Call inside a transaction.
    """
    fields = {
        "course": course,
        "source": source,
        "path": path,
        "assigned_by": assigned_by,
        "due_on": due_on,
    }
    enrolment, created = Enrolment.objects.get_or_create(
        user=user, course_key=course.translation_key, defaults=fields
    )
    if created:
        return enrolment, True
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.withdrawn_at is None:
        return enrolment, False
    for name, value in fields.items():
        setattr(enrolment, name, value)
    enrolment.withdrawn_at = None
    enrolment.enrolled_at = timezone.now()
    enrolment.save(update_fields=[*fields, "withdrawn_at", "enrolled_at"])
    return enrolment, True


def enrolments_sync(*, person, zones: dict[int, str] | None = None) -> dict[str, int]:
    """Bring ``person``'s enrolments from onboarding paths in line with the paths now.

    Courses a path gives and the person lacks are added, due by the path's rule. An
    enrolment from a path that no longer applies is withdrawn when nothing of it was
    started, and kept otherwise (the work done stays, and so does the due date).
    Enrolments by a manager or by the person themselves are never touched. Safe to repeat.
    """
    counts = {"added": 0, "withdrawn": 0, "kept": 0}
    with transaction.atomic():
        person = type(person).objects.select_for_update().get(pk=person.pk)
        wanted = path_courses_for(person)
        today = person_today(person, zones)
        existing = {
            enrolment.course_key: enrolment
            for enrolment in Enrolment.objects.select_for_update().filter(user=person)
        }
        added = []
        for key, row in wanted.items():
            current = existing.get(key)
            if current is not None and current.withdrawn_at is None:
                continue
            enrolment, new = _enrol(
                user=person,
                course=row.course,
                source=Enrolment.Source.RULE,
                due_on=due_date_for(path_course=row, person=person, today=today),
                path=row.path,
            )
            if new:
                counts["added"] += 1
                added.append(enrolment)
        for key, enrolment in existing.items():
            if (
                key in wanted
                or enrolment.source != Enrolment.Source.RULE
                or enrolment.withdrawn_at is not None
            ):
                continue
            if enrolment.started_at is None and enrolment.completed_at is None:
                enrolment.withdrawn_at = timezone.now()
                enrolment.save(update_fields=["withdrawn_at"])
                counts["withdrawn"] += 1
            else:
                counts["kept"] += 1
        # Someone may have done the course before it was assigned to them.
        for enrolment in added:
            enrolment_refresh(enrolment=enrolment)
    return counts


def enrolments_sync_many(*, people_ids, report=None) -> dict[str, int]:
    """``enrolments_sync`` for many people, reporting progress; returns the summed counts."""
    people = list(
        User.objects.filter(pk__in=list(people_ids)).select_related("home_store").order_by("pk")
    )
    zones = time_zones_for_units({person.home_store for person in people} - {None})
    totals = {"people": len(people), "added": 0, "withdrawn": 0, "kept": 0}
    for done, person in enumerate(people, start=1):
        for name, value in enrolments_sync(person=person, zones=zones).items():
            totals[name] += value
        if report is not None and (done % 50 == 0 or done == len(people)):
            report(
                done * 99 // len(people),
                _("Checked %(done)s of %(total)s people") % {"done": done, "total": len(people)},
            )
    return totals


def _path_people(path: OnboardingPath):
    """Active people a path covers, by its role and unit (a queryset)."""
    people = User.objects.filter(is_active=True)
    if path.job_role_id is not None:
        people = people.filter(job_role_id=path.job_role_id)
    if path.unit_id is not None:
        people = people.filter(home_store__path__startswith=path.unit.path)
    return people


def path_preview(*, path: OnboardingPath) -> list[tuple[CoursePage, int]]:
    """What applying ``path`` now would do: each published course and how many people it
    would add. People already enrolled (and not withdrawn) are not counted. One query per
    course, and one for the courses.
    """
    rows = path.courses.filter(course__live=True).select_related("course")
    if not path.active:
        return [(row.course, 0) for row in rows]
    people = _path_people(path)
    preview = []
    for row in rows:
        enrolled = Enrolment.objects.filter(
            course_key=row.course.translation_key, withdrawn_at__isnull=True
        ).values("user_id")
        preview.append((row.course, people.exclude(pk__in=enrolled).count()))
    return preview


APPLY_JOB_KIND = "lms.learning.services.path_apply_job"


def path_apply_start(*, path: OnboardingPath, actor) -> Job:
    """Apply ``path`` to existing staff in the background; a second call while it runs
    returns the job already queued."""
    with transaction.atomic():
        locked = (
            OnboardingPath.objects.select_for_update(of=("self",))
            .select_related("apply_job")
            .get(pk=path.pk)
        )
        if locked.apply_job is not None and not locked.apply_job.is_finished:
            return locked.apply_job
        job = job_create(
            kind=APPLY_JOB_KIND,
            owner=actor,
            label=_("Apply onboarding path: %(name)s") % {"name": locked.name},
        )
        locked.apply_job = job
        locked.save(update_fields=["apply_job"])
    path.apply_job = job
    return job


def path_apply_job(job: Job, report) -> dict[str, int]:
    """The background job of ``path_apply_start``: syncs everyone the path covers now or
    enrolled before (so a narrowed path withdraws what it no longer gives)."""
    path = job.onboarding_paths.get()
    report(1, _("Finding the people this path covers"))
    people_ids = set(_path_people(path).values_list("pk", flat=True)) | set(
        Enrolment.objects.filter(path=path, withdrawn_at__isnull=True).values_list(
            "user_id", flat=True
        )
    )
    totals = enrolments_sync_many(people_ids=people_ids, report=report)
    OnboardingPath.objects.filter(pk=path.pk).update(applied_at=timezone.now())
    log(instance=path, action="learning.path_applied", user=job.owner, data=totals)
    return totals


def enrolment_assign(*, actor, people, course, due_on: date | None) -> dict[str, int]:
    """A manager assigns ``course`` to ``people`` (all in their scope) with a due date.

    People already enrolled get the new due date unless they have completed the course.
    Anyone outside the manager's scope makes the whole call fail with PermissionDenied.
    """
    course = _check_course(course)
    ids = {person.pk for person in people}
    if not ids:
        raise ValidationError(_("Choose at least one person."))
    in_scope = set(people_in_scope(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if in_scope != ids:
        raise PermissionDenied(_("You can assign courses only to people in your stores."))
    counts = {"assigned": 0, "updated": 0, "completed": 0}
    with transaction.atomic():
        for person in User.objects.filter(pk__in=ids, is_active=True).order_by("pk"):
            enrolment, new = _enrol(
                user=person,
                course=course,
                source=Enrolment.Source.MANAGER,
                due_on=due_on,
                assigned_by=actor,
            )
            if new:
                counts["assigned"] += 1
                enrolment_refresh(enrolment=enrolment)
            elif enrolment.completed_at is not None:
                counts["completed"] += 1
            else:
                enrolment.due_on = due_on
                enrolment.save(update_fields=["due_on"])
                counts["updated"] += 1
            log(
                instance=person,
                action="learning.course_assigned",
                user=actor,
                data={"course": course.title, "due": due_on.isoformat() if due_on else None},
            )
    return counts


def enrolment_set_due(*, actor, enrolment: Enrolment, due_on: date | None) -> Enrolment:
    """Move an enrolment's due date (a manager of the person, or an administrator)."""
    if not people_in_scope(actor).filter(pk=enrolment.user_id).exists():
        raise PermissionDenied(_("You can change due dates only for people in your stores."))
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        before = enrolment.due_on
        enrolment.due_on = due_on
        enrolment.save(update_fields=["due_on"])
        log(
            instance=enrolment.user,
            action="learning.due_date_changed",
            user=actor,
            data={
                "course": enrolment.course.title,
                "from": before.isoformat() if before else None,
                "to": due_on.isoformat() if due_on else None,
            },
        )
    return enrolment


def enrolment_self_enrol(*, user, course) -> Enrolment:
    """A learner adds an optional course open for self-enrolment; safe to repeat."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Only an active person can enrol."))
    course = _check_course(course)
    if not course.self_enrolment:
        raise ValidationError(_("This course is not open for self-enrolment."))
    with transaction.atomic():
        enrolment, new = _enrol(user=user, course=course, source=Enrolment.Source.SELF, due_on=None)
        if new:
            enrolment_refresh(enrolment=enrolment)
    return enrolment


def enrolment_refresh(*, enrolment: Enrolment) -> Enrolment:
    """Record whether the course is started and complete, from what the person has done.

    Complete means the required lessons read, the required scenarios and the required exam
    passed (in any language). Completion is recorded once, with the best exam attempt, and
    ``enrolment_completed`` is sent once the transaction commits. Safe to repeat, and
    whatever triggered it; a completed or withdrawn enrolment is left as it is.
    """
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("user", "course")
            .get(pk=enrolment.pk)
        )
        if enrolment.completed_at is not None or enrolment.withdrawn_at is not None:
            return enrolment
        progress = course_progress(user=enrolment.user, course=enrolment.course)
        changed = []
        now = timezone.now()
        if enrolment.started_at is None and progress.started:
            enrolment.started_at = now
            changed.append("started_at")
        if progress.finished and progress.started:
            exams = [entry.page for entry in progress.entries if entry.is_exam and entry.required]
            if exams:
                enrolment.completion_attempt = best_attempt_for(
                    enrolment.user, exams[0].translation_key
                )
                changed.append("completion_attempt")
            enrolment.completed_at = now
            enrolment.started_at = enrolment.started_at or now
            changed += ["completed_at", "started_at"]
            completed = enrolment
            transaction.on_commit(
                lambda: enrolment_completed.send(sender=Enrolment, enrolment=completed)
            )
        if changed:
            enrolment.save(update_fields=sorted(set(changed)))
    return enrolment


def enrolment_refresh_for_page(*, user, page) -> Enrolment | None:
    """Refresh ``user``'s enrolment in the course around ``page`` (a lesson, scenario or
    exam, in any language), if they are enrolled in it."""
    course = page.get_parent()
    enrolment = Enrolment.objects.filter(
        user=user, course_key=course.translation_key, withdrawn_at__isnull=True
    ).first()
    if enrolment is None:
        return None
    return enrolment_refresh(enrolment=enrolment)
