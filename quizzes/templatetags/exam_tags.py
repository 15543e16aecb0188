"""The learner's side of an exam page: start or resume, attempts so far, the best result."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.shortcuts import resolve_url

from ..selectors import attempts_for

register = template.Library()


def _login_url(request) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"


@register.inclusion_tag("quizzes/includes/exam_actions.html", takes_context=True)
def exam_actions(context, page):
    """Start, resume or retake the exam; the person's attempts and the best one so far."""
    request = context["request"]
    attempts = []
    if request.user.is_authenticated and page.pk:
        attempts = attempts_for(request.user, page.translation_key)
    finished = [
        attempt for attempt in attempts if attempt.finished and attempt.percentage is not None
    ]
    # The same rule as selectors.best_attempt_for, over the attempts already read.
    best = min(
        finished,
        key=lambda attempt: (-attempt.percentage, attempt.finished_at, attempt.pk),
        default=None,
    )
    return {
        "request": request,
        "exam": page,
        "attempts": attempts,
        "open_attempt": next((attempt for attempt in attempts if attempt.is_open), None),
        "best_attempt": best,
        "login_url": _login_url(request),
    }
