"""Helpers shared by the question bank tests."""

from django.urls import reverse
from wagtail.models import DraftStateMixin
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from quizzes.models import STEM_FEATURES


def question_admin_url(name: str, *args) -> str:
    """A URL of the question bank admin (``add``, ``edit``, ``list`` ...)."""
    return reverse(f"wagtailsnippets_quizzes_question:{name}", args=args)


def question_form_data(standard, options=None, **overrides) -> dict:
    """What a trainer types into the add form: a single-choice greeting question.

    ``options`` is a list of dicts (``text``, ``fraction``, ``feedback``; ``id`` for an
    existing option); ``stem`` is HTML, turned into the editor's format here.
    """
    if options is None:
        options = [
            {"text": "Greet them within ten seconds.", "fraction": "100"},
            {"text": "Finish the shelf first.", "fraction": "0"},
            {"text": "Wait until they ask.", "fraction": "-50"},
        ]
    stem = overrides.pop("stem", "<p>A customer comes in while you stock a shelf.</p>")
    initial = overrides.pop("initial_options", 0)
    data = {
        "standard": standard.pk,
        "question_type": "single",
        "stem": rich_text(stem, features=STEM_FEATURES),
        "image_alt": "",
        "explanation": rich_text("<p>Every customer is greeted at once.</p>"),
        "points": "1",
        "difficulty": "medium",
        "tags": "",
        "active": "on",
        "options": inline_formset(
            [{"feedback": "", "id": "", **option} for option in options], initial=initial
        ),
    }
    return {**nested_form_data(data), **overrides}


def translate(instance, locale, prefix: str = "RU "):
    """Translate ``instance`` through wagtail-localize, every string prefixed, and publish.

    Returns the translation, fetched again from the database.
    """
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source, _updated = TranslationSource.update_or_create_from_instance(instance)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": f"{prefix}{segment.string.data}"},
        )
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # Published from the saved revision at once, as the Russian demo does: save_target's
    # own publishing waits for a commit that a test's transaction never makes.
    draftable = isinstance(instance, DraftStateMixin)
    translation.save_target(publish=not draftable)
    target = instance.get_translation(locale)
    if draftable:
        target.latest_revision.publish()
    return type(instance).objects.get(pk=target.pk)
