"""Learner state on content pages: a course's syllabus, a lesson's and a scenario's actions."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.translation import ngettext

from ..my_learning import is_enrolled
from ..selectors import course_progress, lesson_is_completed, lesson_neighbours, scenario_standing

register = template.Library()


def _login_url(request) -> str:
    return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"


@register.inclusion_tag("learning/includes/course_syllabus.html", takes_context=True)
def course_syllabus(context, page):
    """The course's lessons and scenarios in order, what this person has done, what next."""
    request = context["request"]
    return {
        "request": request,
        "course": page,
        "progress": course_progress(user=request.user, course=page),
    }


@register.inclusion_tag("learning/includes/course_enrolment.html", takes_context=True)
def course_enrolment(context, page):
    """Add a course open for self-enrolment to one's learning, or say it is there already.

    One query for a signed-in person on a saved page; none otherwise.
    """
    request = context["request"]
    return {
        "request": request,
        "course": page,
        "enrolled": page.pk is not None and is_enrolled(user=request.user, course=page),
        "open": bool(page.pk and page.live and page.self_enrolment),
        "login_url": _login_url(request),
    }


@register.inclusion_tag("learning/includes/lesson_actions.html", takes_context=True)
def lesson_actions(context, page):
    """Mark the lesson done or not done, and the way to the previous and next lessons."""
    request = context["request"]
    previous_page, next_page = lesson_neighbours(lesson=page)
    return {
        "request": request,
        "lesson": page,
        "completed": lesson_is_completed(user=request.user, lesson=page),
        "previous_page": previous_page,
        "next_page": next_page,
        "login_url": _login_url(request),
    }


@register.inclusion_tag("learning/includes/scenario_actions.html", takes_context=True)
def scenario_actions(context, page):
    """Start, continue or retry the scenario, the best result so far, previous and next."""
    request = context["request"]
    # A page previewed before its first save has no place among its siblings yet.
    previous_page, next_page = lesson_neighbours(lesson=page) if page.pk else (None, None)
    standing = scenario_standing(user=request.user, scenario=page)
    return {
        "request": request,
        "scenario": page,
        "open_run": standing.open_run,
        "best_run": standing.best_run,
        "previous_page": previous_page,
        "next_page": next_page,
        "login_url": _login_url(request),
    }


@register.filter
def scenario_points(points) -> str:
    """Points with their sign, as a learner reads them: "+2 points", "-1 point", "0 points"."""
    points = int(points)
    sign = "+" if points > 0 else "-" if points < 0 else ""
    return ngettext("%(points)s point", "%(points)s points", abs(points)) % {
        "points": f"{sign}{abs(points)}"
    }
