"""Content reads shared by learner and exam pages: standards and the lessons teaching them."""

from collections.abc import Iterable

from .models import LessonPage, LessonStandard, Standard


def standards_by_key(keys: Iterable, locale_id: int, *, live_only: bool) -> dict[str, Standard]:
    """Standards by translation key (as text), each in ``locale_id`` where translated.

    A translated scenario, question or lesson may still point at the source-language
    standard, so the lookup goes by translation key. One query.
    """
    keys = {str(key) for key in keys}
    if not keys:
        return {}
    queryset = Standard.objects.filter(translation_key__in=keys).order_by("pk")
    if live_only:
        queryset = queryset.filter(live=True)
    found: dict[str, Standard] = {}
    for standard in queryset:
        key = str(standard.translation_key)
        current = found.get(key)
        if current is None or (standard.locale_id == locale_id != current.locale_id):
            found[key] = standard
    return found


def lessons_by_standard(keys: Iterable, locale_id: int) -> dict[str, list[LessonPage]]:
    """The live lessons in ``locale_id`` teaching each standard (by translation key, as
    text), in tree order. One query.

    Matched on the standard's translation key, since a translated lesson's rows may point
    at the source-language standard.
    """
    keys = {str(key) for key in keys}
    if not keys:
        return {}
    rows = (
        LessonStandard.objects.filter(
            standard__translation_key__in=keys, lesson__live=True, lesson__locale_id=locale_id
        )
        .select_related("lesson", "standard")
        .order_by("lesson__path", "sort_order")
    )
    lessons: dict[str, list[LessonPage]] = {}
    for row in rows:
        taught = lessons.setdefault(str(row.standard.translation_key), [])
        if row.lesson not in taught:
            taught.append(row.lesson)
    return lessons
