"""Helpers shared by the standards admin and workflow tests."""

from django.urls import reverse

from content.models import Standard


def standard_admin_url(name: str, *args) -> str:
    """A URL of the Standard snippet admin (``add``, ``edit``, ``list`` ...)."""
    return reverse(f"wagtailsnippets_content_standard:{name}", args=args)


def standard_form_data(category, **overrides) -> dict:
    """What a trainer types into the add form for a mandatory telephone standard."""
    data = {
        "code": "PHONE-01",
        "title": "Pick up quickly",
        "rule": "Answer the telephone promptly.",
        "level": Standard.Level.MANDATORY,
        "criterion": "Phone answered by the third ring.",
        "category": category.pk,
    }
    return {**data, **overrides}
