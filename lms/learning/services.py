"""Writes to learner state: marking lessons done, and playing role-play scenarios."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from content import scenarios
from content.models import LessonPage, ScenarioPage

from .models import LessonCompletion, ScenarioRun
from .selectors import scenario_path_entry, scenario_run_current_key, scenario_run_page


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
