"""Template tags that show a person's awards on the learner's pages."""

from django import template

from ..selectors import awards_of

register = template.Library()


@register.inclusion_tag("recognition/includes/my_awards.html")
def my_awards(user):
    """``user``'s confirmed awards, each with its certificate's download link (or "being
    prepared" while the PDF is rendered); one query."""
    return {"awards": awards_of(user) if user.is_authenticated else []}
