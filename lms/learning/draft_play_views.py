"""Trainers play a scenario's latest revision in the admin, with nothing stored.

Wagtail's preview renders one request and cannot carry a multi-step conversation, so the
choices of a draft play are kept in the trainer's session, keyed by page and revision.
No ScenarioRun is written: a draft play never counts for anyone's course.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from content.models import ScenarioPage
from content.scenarios import InvalidChoice, scenario_problems

from .forms import ScenarioReplyForm
from .selectors import scenario_draft_state
from .services import scenario_draft_choose
from .views import choose_from_form


def _session_key(page_id: int) -> str:
    return f"learning.scenario_draft_play.{page_id}"


def _editable_scenario(request, page_id: int) -> ScenarioPage:
    """The scenario page, for people who may edit it; 404 for any other page."""
    page = get_object_or_404(Page, pk=page_id)
    if not issubclass(page.specific_class or Page, ScenarioPage):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page.specific


def _saved_choices(request, scenario: ScenarioPage) -> list[int]:
    saved = request.session.get(_session_key(scenario.pk)) or {}
    if saved.get("revision") != scenario.latest_revision_id:
        if saved.get("choices"):
            messages.info(
                request, _("The scenario has changed since you played it: starting again.")
            )
        return []
    return list(saved.get("choices") or [])


def _save_choices(request, scenario: ScenarioPage, choices: list[int]) -> None:
    request.session[_session_key(scenario.pk)] = {
        "revision": scenario.latest_revision_id,
        "choices": choices,
    }


@require_http_methods(["GET", "POST"])
def scenario_draft_play(request, page_id: int):
    """The player on the scenario's latest revision: a step, a reply to it, or the summary."""
    page = _editable_scenario(request, page_id)
    draft = page.get_latest_revision_as_object()
    play_url = reverse("learning_scenario_draft_play", kwargs={"page_id": page.pk})
    context = {
        "scenario": draft,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "form_action": play_url,
        "restart_action": reverse("learning_scenario_draft_restart", kwargs={"page_id": page.pk}),
        "back_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }
    # The learner sees the scenario in its own language, and so does the trainer here.
    with translation.override(draft.locale.language_code):
        if scenario_problems(draft.scenario_graph()):
            context["problems"] = True
            return render(request, "learning/scenario_draft_play.html", context, status=200)

        choices = _saved_choices(request, draft)
        form = ScenarioReplyForm()
        status = 200
        if request.method == "POST":
            form = ScenarioReplyForm(request.POST)

            def choose(**reply):
                _save_choices(
                    request, draft, scenario_draft_choose(scenario=draft, choices=choices, **reply)
                )

            if choose_from_form(form, choose):
                return redirect(play_url)
            status = 400
        try:
            state = scenario_draft_state(scenario=draft, choices=choices)
        except InvalidChoice:
            _save_choices(request, draft, [])
            state = scenario_draft_state(scenario=draft, choices=[])
        context.update(state=state, form=form)
        return render(request, "learning/scenario_draft_play.html", context, status=status)


@require_POST
def scenario_draft_restart(request, page_id: int):
    """Forget the draft play's choices and go back to the first step."""
    page = _editable_scenario(request, page_id)
    request.session.pop(_session_key(page.pk), None)
    return redirect("learning_scenario_draft_play", page_id=page.pk)


urlpatterns = [
    path(
        "learning/scenarios/<int:page_id>/play/",
        scenario_draft_play,
        name="learning_scenario_draft_play",
    ),
    path(
        "learning/scenarios/<int:page_id>/play/restart/",
        scenario_draft_restart,
        name="learning_scenario_draft_restart",
    ),
]
