"""The page where managers review and confirm the proposed winners of their units.

Everything goes through the scope selectors: an award of a unit outside the viewer's
scope is not found, whether it is listed, filtered for or posted. Confirming is the
service's (``award_confirm``): it checks the scope again, is safe to repeat (a second
click says "already confirmed") and issues the certificate and the e-mail.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from lms.people.selectors import units_in_scope
from lms.redirects import posted_next

from .forms import AwardReviewFilterForm
from .models import Award
from .selectors import awards_for_review, empty_months_for_review
from .services import award_confirm

PAGE_SIZE = 50


def _scope(user):
    """The units whose awards ``user`` decides; only people with some have these pages."""
    scope = units_in_scope(user)
    if not scope.exists():
        raise Http404
    return scope


@login_required
@require_safe
def award_review(request):
    """The awards of the viewer's units, "to confirm" first; filters, 50 to a page."""
    scope = _scope(request.user)
    months = list(
        awards_for_review(scope).order_by("-month").values_list("month", flat=True).distinct()
    )
    data = request.GET.copy()
    data.setdefault("status", Award.Status.PROPOSED)
    filters = AwardReviewFilterForm(data, months=months)
    status, month, programme = Award.Status.PROPOSED, None, None
    if filters.is_valid():
        status = filters.cleaned_data["status"] or Award.Status.PROPOSED
        month = filters.cleaned_data["month"]
        programme = filters.cleaned_data["programme"]
    awards = awards_for_review(
        scope, status="" if status == "all" else status, month=month, programme=programme
    )
    page = Paginator(awards, PAGE_SIZE).get_page(request.GET.get("page"))
    empty = list(empty_months_for_review(scope, month=month, programme=programme)[:20])
    return render(
        request,
        "recognition/award_review.html",
        {
            "filters": filters,
            "page": page,
            "status": status,
            "empty_months": empty,
            "may_confirm_any": any(award.status == Award.Status.PROPOSED for award in page),
        },
    )


def _posted_ids(request) -> list[int]:
    raw = [request.POST["only"]] if request.POST.get("only") else request.POST.getlist("award")
    try:
        return sorted({int(value) for value in raw})
    except ValueError:
        raise Http404 from None


@login_required
@require_POST
def award_confirm_view(request):
    """Confirm one award (its own button) or the ticked ones; each must be in scope."""
    scope = _scope(request.user)
    ids = _posted_ids(request)
    if not ids:
        messages.warning(request, _("Tick the awards to confirm first."))
        return redirect(posted_next(request, reverse("recognition:award_review")))
    awards = list(awards_for_review(scope).filter(pk__in=ids))
    if len(awards) != len(ids):
        # A tampered or foreign id: nothing is confirmed, and nothing is said about it.
        raise Http404
    confirmed = already = 0
    problems = []
    for award in awards:
        if award.status == Award.Status.CONFIRMED:
            already += 1
            continue
        try:
            award_confirm(award=award, actor=request.user)
        except (ValidationError, PermissionDenied) as error:
            problems.append(f"{award.user.full_name}: {' '.join(_messages_of(error))}")
        else:
            confirmed += 1
    if confirmed:
        messages.success(
            request,
            ngettext(
                "%(count)s award confirmed. The winner is told by e-mail.",
                "%(count)s awards confirmed. The winners are told by e-mail.",
                confirmed,
            )
            % {"count": confirmed},
        )
    if already:
        messages.info(
            request,
            ngettext(
                "%(count)s award was already confirmed.",
                "%(count)s awards were already confirmed.",
                already,
            )
            % {"count": already},
        )
    for problem in problems:
        messages.error(request, problem)
    return redirect(posted_next(request, reverse("recognition:award_review")))


def _messages_of(error) -> list[str]:
    return list(getattr(error, "messages", None) or [str(error)])
