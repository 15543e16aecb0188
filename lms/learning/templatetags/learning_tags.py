"""Learner state on content pages: a course's syllabus with progress, a lesson's actions."""

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.shortcuts import resolve_url

from ..selectors import course_progress, lesson_is_completed, lesson_neighbours

register = template.Library()


@register.inclusion_tag("learning/includes/course_syllabus.html", takes_context=True)
def course_syllabus(context, page):
    """The course's lessons in order, what this person has done and where to continue."""
    request = context["request"]
    return {
        "request": request,
        "course": page,
        "progress": course_progress(user=request.user, course=page),
    }


@register.inclusion_tag("learning/includes/lesson_actions.html", takes_context=True)
def lesson_actions(context, page):
    """Mark the lesson done or not done, and the way to the previous and next lessons."""
    request = context["request"]
    previous_page, next_page = lesson_neighbours(lesson=page)
    login_url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
    return {
        "request": request,
        "lesson": page,
        "completed": lesson_is_completed(user=request.user, lesson=page),
        "previous_page": previous_page,
        "next_page": next_page,
        "login_url": login_url,
    }
