"""The learner's pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content.models import LessonPage

from .services import lesson_complete, lesson_uncomplete


@login_required
def my_learning(request):
    """The learner's home: what to do next. Courses arrive with the onboarding issue."""
    return render(request, "learning/my_learning.html", {"courses": []})


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
