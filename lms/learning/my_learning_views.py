"""The learner's home, "My learning", and adding an optional course to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content.models import CoursePage
from lms.redirects import posted_next

from .my_learning import my_learning as my_learning_for
from .services import enrolment_self_enrol


@login_required
def my_learning(request):
    """Courses to do with their progress and due dates, courses done, courses to add.

    Courses are shown in the language of the page (its URL prefix), as everything else on
    it; signing in lands a person on the page in the language they prefer.
    """
    learning = my_learning_for(user=request.user, language=request.LANGUAGE_CODE)
    return render(request, "learning/my_learning.html", {"learning": learning})


@require_POST
@login_required
def self_enrol(request, page_id: int):
    """Add a course open for self-enrolment to the person's learning; safe to repeat."""
    course = get_object_or_404(CoursePage, pk=page_id)
    try:
        enrolment_self_enrol(user=request.user, course=course)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(posted_next(request, "learning:my_learning"))
    messages.success(
        request, _("%(course)s was added to your learning.") % {"course": course.title}
    )
    return redirect("learning:my_learning")
