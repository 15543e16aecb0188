"""The learner's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from content.models import LessonPage, ScenarioPage

from .forms import ScenarioReplyForm
from .models import ScenarioRun
from .selectors import scenario_run_state
from .services import lesson_complete, lesson_uncomplete, scenario_run_choose, scenario_run_start


@require_POST
@login_required
def lesson_mark_complete(request, page_id: int):
    """Mark a lesson as done and go back to it; a second submit changes nothing."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    lesson_complete(user=request.user, lesson=lesson)
    messages.success(request, _("Lesson marked as complete."))
    return redirect(lesson.get_url(request))


@require_POST
@login_required
def lesson_mark_incomplete(request, page_id: int):
    """Mark a lesson as not done and go back to it; a second submit changes nothing."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    lesson_uncomplete(user=request.user, lesson=lesson)
    messages.success(request, _("Marked as not done."))
    return redirect(lesson.get_url(request))


def choose_from_form(form: ScenarioReplyForm, choose) -> bool:
    """Validate ``form`` and pass its values to ``choose``; False, with the errors on the
    form, when either refuses. Shared by the learner's player and the trainers' draft play.
    """
    if not form.is_valid():
        return False
    try:
        choose(
            step_key=form.cleaned_data["step"],
            reply=form.cleaned_data["reply"],
            position=form.cleaned_data["position"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@require_POST
@login_required
def scenario_start(request, page_id: int):
    """Start a run of a published scenario, or resume the open one, and go to its step."""
    scenario = get_object_or_404(ScenarioPage.objects.live(), pk=page_id)
    try:
        run = scenario_run_start(user=request.user, scenario=scenario)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(scenario.get_url(request))
    return redirect("learning:scenario_run", run_id=run.pk)


@require_http_methods(["GET", "POST"])
@login_required
def scenario_run(request, run_id: int):
    """One step of the person's own run (GET), a reply to it (POST), or the summary.

    After a reply the browser is sent back here (POST-redirect-GET), so reloading never
    submits twice; a repeated submit is ignored by the service anyway.
    """
    run = get_object_or_404(
        ScenarioRun.objects.select_related("scenario", "revision"),
        pk=run_id,
        user=request.user,
        scenario__live=True,
    )
    form = ScenarioReplyForm()
    status = 200
    if request.method == "POST":
        form = ScenarioReplyForm(request.POST)
        if choose_from_form(
            form,
            lambda **reply: scenario_run_choose(user=request.user, run=run, **reply),
        ):
            return redirect("learning:scenario_run", run_id=run.pk)
        status = 400
    state = scenario_run_state(run=run)
    return render(
        request,
        "learning/scenario_run.html",
        {
            "run": run,
            "state": state,
            "form": form,
            "form_action": reverse("learning:scenario_run", kwargs={"run_id": run.pk}),
            "restart_action": reverse(
                "learning:scenario_start", kwargs={"page_id": run.scenario_id}
            ),
            "back_url": run.scenario.get_url(request),
        },
        status=status,
    )
