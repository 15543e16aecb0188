"""The learner's pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_learning(request):
    """The learner's home: what to do next. Courses arrive with the onboarding issue."""
    return render(request, "learning/my_learning.html", {"courses": []})
