"""Site search: published lessons and standards in the language being read."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from .models import LessonPage, Standard

PAGE_SIZE = 10


def search(request):
    """Search the live lessons and standards of the current language."""
    query = request.GET.get("q", "").strip()[:200]
    locale = Locale.get_active()
    lessons = standards = None
    if query:
        found_lessons = LessonPage.objects.live().public().filter(locale=locale).search(query)
        lessons = Paginator(found_lessons, PAGE_SIZE).get_page(request.GET.get("page"))
        standards = list(
            get_search_backend().search(
                query, Standard.objects.filter(live=True, locale=locale).select_related("category")
            )[:PAGE_SIZE]
        )
    return render(
        request,
        "content/search.html",
        {"query": query, "lessons": lessons, "standards": standards},
    )
