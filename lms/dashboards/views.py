"""Manager pages on the site: the team overview with its actions, and a person's
transcript. Phone-first like the learner pages; every read goes through the scope
selectors, so anything outside the viewer's units is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from wagtail.models import Locale

from lms.learning.reminders import reminder_send_now
from lms.learning.services import enrolment_assign, enrolment_set_due
from lms.people.models import OrgUnit, User
from lms.people.selectors import person_today, person_zone
from lms.redirects import posted_next
from quizzes.models import Attempt
from quizzes.selectors import attempt_breakdown

from .exports import FORMATS, export_content_type, export_file_name, export_response
from .filters import TeamFilterSet
from .forms import AssignForm, DueDateForm, HeatmapForm, ResultsForm
from .models import TeamExport
from .selectors import (
    TeamStatus,
    exam_keys_of_course,
    exam_results,
    manager_scope,
    period_bounds,
    period_window,
    person_transcript,
    standards_heatmap,
    team_enrolments,
)
from .services import team_export_goes_to_worker, team_export_query, team_export_start
from .tables import heatmap_table, results_tables, team_table, transcript_tables

PAGE_SIZE = 50
RECENT = 5  # the viewer's latest prepared downloads listed on the overview


@login_required
@require_safe
def team_overview(request):
    """People by course with their status: filters, search, sorting, 50 to a page, the
    same table as CSV or XLSX, and the form to assign a course to the ticked people."""
    scope = manager_scope(request.user)
    filters = TeamFilterSet(request.GET or None, queryset=team_enrolments(scope), scope=scope)
    enrolments = filters.qs
    export = request.GET.get("export")
    if export in FORMATS:
        if team_export_goes_to_worker(enrolments.count()):
            messages.info(
                request,
                _(
                    "This table is too long to download at once. Ask for the file below: "
                    "it is prepared for you while you wait or do something else."
                ),
            )
            query = team_export_query(request.GET)
            return redirect(f"{reverse('dashboards:team_overview')}?{query}".rstrip("?"))
        return export_response(
            title=_("Team overview"), tables=[team_table(enrolments)], fmt=export
        )
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    for enrolment in page:
        enrolment.team_status_label = TeamStatus.labels[enrolment.team_status]
    return render(
        request,
        "dashboards/team_overview.html",
        {
            "filters": filters,
            "page": page,
            "export_in_background": team_export_goes_to_worker(page.paginator.count),
            "export_query": team_export_query(request.GET),
            "recent_exports": list(
                TeamExport.objects.filter(owner=request.user).select_related("job")[:RECENT]
            ),
            # The same courses as the filter's, without reading them again.
            "assign_form": AssignForm(courses=filters.form.fields["course"].choices[1:]),
            "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
        },
    )


@login_required
@require_POST
def team_export(request):
    """Ask for the team overview, as filtered, as a file a worker prepares."""
    fmt = request.POST.get("format")
    if fmt not in FORMATS:
        raise Http404
    export = team_export_start(
        actor=request.user, query=QueryDict(request.POST.get("query", "")), fmt=fmt
    )
    return redirect("dashboards:team_export_status", pk=export.pk)


def _own_export(request, pk) -> TeamExport:
    """One of the viewer's own exports (a manager's only); anyone else's is a 404."""
    manager_scope(request.user)
    return get_object_or_404(TeamExport.objects.select_related("job"), pk=pk, owner=request.user)


@login_required
@require_safe
def team_export_status(request, pk):
    """How far the file has got, with a progress bar; its download link once it is ready."""
    export = _own_export(request, pk)
    return render(request, "dashboards/team_export.html", {"export": export})


@login_required
@require_safe
def team_export_download(request, pk):
    """The prepared file; before it is ready, its progress page."""
    export = _own_export(request, pk)
    if not export.is_ready:
        return redirect("dashboards:team_export_status", pk=export.pk)
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export_file_name(export.title, export.fmt, timezone.localdate(export.created_at)),
        content_type=export_content_type(export.fmt),
    )


@login_required
@require_POST
def assign(request):
    """Assign a course to the ticked people (onboarding's service checks the scope)."""
    manager_scope(request.user)
    back = posted_next(request, reverse("dashboards:team_overview"))
    try:
        ids = {int(value) for value in request.POST.getlist("person")}
    except ValueError:
        raise Http404 from None
    form = AssignForm(request.POST)
    if not ids:
        messages.error(request, _("Tick the people to assign the course to first."))
        return redirect(back)
    if not form.is_valid():
        _say_form_errors(request, form)
        return redirect(back)
    people = list(User.objects.filter(pk__in=ids))
    if len(people) != len(ids):
        raise Http404
    try:
        counts = enrolment_assign(
            actor=request.user,
            people=people,
            course=form.cleaned_data["course"],
            due_on=form.cleaned_data["due_on"],
        )
    except PermissionDenied:
        # Someone outside the manager's stores: as if they did not exist.
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    _say_assigned(request, counts, form.cleaned_data["course"].title)
    return redirect(back)


def _say_assigned(request, counts: dict[str, int], course: str) -> None:
    """What assigning did, as messages: assigned, due dates changed, already completed."""
    said = {
        "assigned": (
            messages.success,
            ngettext(
                "%(course)s assigned to %(count)s person.",
                "%(course)s assigned to %(count)s people.",
                counts["assigned"],
            ),
        ),
        "updated": (
            messages.info,
            ngettext(
                "%(count)s person already had %(course)s: their due date is changed.",
                "%(count)s people already had %(course)s: their due date is changed.",
                counts["updated"],
            ),
        ),
        "completed": (
            messages.info,
            ngettext(
                "%(count)s person has completed %(course)s already and is left as they are.",
                "%(count)s people have completed %(course)s already and are left as they are.",
                counts["completed"],
            ),
        ),
    }
    for key, (say, text) in said.items():
        if counts[key]:
            say(request, text % {"course": course, "count": counts[key]})


def _say_form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _enrolment_in_scope(request, pk):
    scope = manager_scope(request.user)
    return get_object_or_404(team_enrolments(scope), pk=pk)


@login_required
@require_POST
def set_due(request, pk):
    """Move (extend) one person's due date for one course."""
    enrolment = _enrolment_in_scope(request, pk)
    back = posted_next(request, reverse("dashboards:person", args=[enrolment.user_id]))
    form = DueDateForm(request.POST)
    if not form.is_valid():
        _say_form_errors(request, form)
        return redirect(back)
    due_on = form.cleaned_data["due_on"]
    enrolment_set_due(actor=request.user, enrolment=enrolment, due_on=due_on)
    if due_on:
        messages.success(
            request,
            _("%(person)s now has until %(date)s for %(course)s.")
            % {
                "person": enrolment.user.full_name,
                "date": formats.date_format(due_on, "DATE_FORMAT"),
                "course": enrolment.course.title,
            },
        )
    else:
        messages.success(
            request,
            _("%(course)s has no due date for %(person)s any more.")
            % {"person": enrolment.user.full_name, "course": enrolment.course.title},
        )
    return redirect(back)


@login_required
@require_POST
def remind(request, pk):
    """E-mail one person a reminder of one course now (once a day per course)."""
    enrolment = _enrolment_in_scope(request, pk)
    back = posted_next(request, reverse("dashboards:person", args=[enrolment.user_id]))
    try:
        sent = reminder_send_now(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if sent:
        messages.success(
            request,
            _("Reminder of %(course)s sent to %(person)s.")
            % {"person": enrolment.user.full_name, "course": enrolment.course.title},
        )
    else:
        messages.info(
            request,
            _("%(person)s has already been reminded of %(course)s today.")
            % {"person": enrolment.user.full_name, "course": enrolment.course.title},
        )
    return redirect(back)


@login_required
@require_safe
def person(request, pk):
    """A learner's transcript: courses with progress and status, exam attempts with
    scores, role-play runs, certificates and awards."""
    transcript = person_transcript(manager_scope(request.user), pk)
    export = request.GET.get("export")
    if export in FORMATS:
        return export_response(
            title=transcript.learner.full_name, tables=transcript_tables(transcript), fmt=export
        )
    return render(
        request,
        "dashboards/person.html",
        {"transcript": transcript, "learner": transcript.learner, "due_form": DueDateForm()},
    )


@login_required
@require_safe
def attempt(request, pk):
    """One finished exam attempt of a person in scope: score, result, store, and the
    points by standard with the lessons that teach what was missed (what to coach)."""
    scope = manager_scope(request.user)
    found = get_object_or_404(
        Attempt.objects.filter(
            finished_at__isnull=False, user__home_store__in=scope
        ).select_related("exam", "store", "user"),
        pk=pk,
    )
    items = list(found.questions.all())
    return render(
        request,
        "dashboards/attempt.html",
        {
            "attempt": found,
            "learner": found.user,
            "breakdown": attempt_breakdown(found, items),
        },
    )


def _period_form(request, form_class):
    """The page's filters, bound to the query (a bad value is a form error, not a 500)."""
    scope = manager_scope(request.user)
    form = form_class(request.GET, scope=scope, today=person_today(request.user))
    return scope, form, (form.cleaned_data if form.is_valid() else None)


@login_required
@require_safe
def results(request):
    """Exam results by exam and store for a period: attempts, pass rates, average, the
    spread of scores (a chart, and the same figures as a table), CSV and XLSX."""
    scope, form, cleaned = _period_form(request, ResultsForm)
    results = None
    if cleaned is not None:
        exam_keys = None
        if cleaned["exam"]:
            exam_keys = [cleaned["exam"]]
        elif cleaned["course"]:
            exam_keys = exam_keys_of_course(cleaned["course"])
        results = exam_results(
            scope,
            unit=cleaned["unit"],
            exam_keys=exam_keys,
            period=period_window(cleaned["start"], cleaned["end"], person_zone(request.user)),
            language=get_language(),
        )
        export = request.GET.get("export")
        if export in FORMATS:
            return export_response(
                title=_("Exam results"), tables=results_tables(results), fmt=export
            )
    return render(request, "dashboards/results.html", {"form": form, "results": results})


@login_required
@require_safe
def standards(request):
    """Per standard and store (or region): the share of exam points missed on the
    questions testing it and the share of role-play choices that broke it, most missed
    first, each linking to the lessons that teach it."""
    scope, form, cleaned = _period_form(request, HeatmapForm)
    heatmap = None
    if cleaned is not None:
        start, end = period_bounds(cleaned["start"], cleaned["end"], person_zone(request.user))
        heatmap = standards_heatmap(
            scope,
            unit=cleaned["unit"],
            by=cleaned["by"] or OrgUnit.Kind.STORE,
            start=start,
            end=end,
            locale_id=Locale.get_active().pk,
        )
        export = request.GET.get("export")
        if export in FORMATS:
            return export_response(
                title=_("Standards heatmap"), tables=[heatmap_table(heatmap)], fmt=export
            )
    return render(request, "dashboards/standards.html", {"form": form, "heatmap": heatmap})
