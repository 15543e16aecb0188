"""Register the standards admin with Wagtail."""

from wagtail.snippets.models import register_snippet

from .viewsets import StandardsViewSetGroup

register_snippet(StandardsViewSetGroup)
