"""The Question snippet: validation, translation, grading input, drafts and preview."""

from decimal import Decimal

import pytest
import wagtail_factories
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from wagtail.models import Collection
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

from quizzes import grading
from quizzes.models import Question, QuestionOption
from tests.factories.content import StandardFactory
from tests.factories.quizzes import QuestionFactory, QuestionOptionFactory
from tests.quizzes.helpers import translate

pytestmark = pytest.mark.django_db


def test_question_types_are_the_grading_modules_types():
    assert set(Question.Type.values) == {member.value for member in grading.QuestionType}


@pytest.mark.parametrize("question_type", Question.Type.values)
def test_factory_questions_of_every_type_are_gradable(question_type):
    question = QuestionFactory(question_type=question_type)

    assert question.option_problems() == []
    question.clean_options()
    question.full_clean()


def test_options_that_cannot_be_graded_are_refused():
    question = QuestionFactory(options=[("Right", 50), ("Wrong", 0)])

    with pytest.raises(ValidationError) as error:
        question.clean_options()

    assert error.value.messages == [
        "Mark the right answer: exactly one option must be worth 100 %."
    ]


def test_an_ordering_question_needs_three_items():
    question = QuestionFactory(question_type=Question.Type.ORDERING, options=[("A", 0), ("B", 0)])

    assert [p.message for p in question.option_problems()] == [
        "An ordering question needs at least 3 items to put in order."
    ]


def test_an_image_needs_a_description():
    image = wagtail_factories.ImageFactory(collection=Collection.get_first_root_node())
    question = QuestionFactory.build(standard=StandardFactory(), image=image, image_alt=" ")

    with pytest.raises(ValidationError) as error:
        question.full_clean()

    assert list(error.value.message_dict) == ["image_alt"]

    question.image_alt = "A customer at the till holding a receipt."
    question.full_clean()


def test_a_fraction_beyond_100_is_refused_on_the_option():
    question = QuestionFactory()
    option = QuestionOptionFactory.build(question=question, fraction=Decimal("120"))

    with pytest.raises(ValidationError) as error:
        option.full_clean(exclude=["locale"])

    assert "fraction" in error.value.message_dict


def test_options_get_a_short_stable_key_and_the_questions_language():
    question = QuestionFactory()

    keys = [option.key for option in question.ordered_options()]

    assert len(set(keys)) == 3
    assert all(len(key) == 12 for key in keys)
    assert {option.locale_id for option in question.options.all()} == {question.locale_id}


def test_grading_question_follows_the_option_order_and_labels_by_standard():
    question = QuestionFactory(
        question_type=Question.Type.ORDERING,
        points=Decimal("2.5"),
        options=[("Greet", 0), ("Ask", 0), ("Show", 0)],
    )
    first, second, third = question.ordered_options()
    # Moving an item changes the correct order, not the items' keys.
    first.sort_order, third.sort_order = 2, 0
    first.save()
    third.save()

    graded = Question.objects.get(pk=question.pk).grading_question()

    assert graded.key == str(question.translation_key)
    assert graded.question_type is grading.QuestionType.ORDERING
    assert graded.points == Decimal("2.5")
    assert [option.key for option in graded.options] == [third.key, second.key, first.key]
    assert graded.label == str(question.standard.translation_key)
    assert question.grading_question(key="attempt-question-7").key == "attempt-question-7"


def test_a_frozen_revision_grades_as_it_was():
    question = QuestionFactory(options=[("Right", 100), ("Wrong", 0)])
    revision = question.save_revision()
    right, wrong = question.ordered_options()

    wrong.fraction = Decimal(100)
    right.fraction = Decimal(0)
    wrong.save()
    right.save()

    assert grading.grade_question(question.grading_question(), [wrong.key]).correct
    frozen = revision.as_object().grading_question()
    assert [(o.key, o.fraction) for o in frozen.options] == [
        (right.key, Decimal(100)),
        (wrong.key, Decimal(0)),
    ]
    assert grading.grade_question(frozen, [right.key]).correct


def test_keys_and_grading_fields_are_synchronised_and_texts_translated():
    question_fields = {field.field_name: field for field in get_translatable_fields(Question)}
    option_fields = {field.field_name: field for field in get_translatable_fields(QuestionOption)}

    for name in ("question_type", "points", "difficulty", "active"):
        assert isinstance(question_fields[name], SynchronizedField)
        assert not question_fields[name].overridable
    for name in ("stem", "explanation", "image_alt", "options", "standard"):
        assert isinstance(question_fields[name], TranslatableField)
    for name in ("key", "fraction"):
        assert isinstance(option_fields[name], SynchronizedField)
        assert not option_fields[name].overridable
    for name in ("text", "feedback"):
        assert isinstance(option_fields[name], TranslatableField)


def test_translation_keeps_option_keys_fractions_and_order(locales):
    question = QuestionFactory(question_type=Question.Type.MULTIPLE, tags=["greeting"])

    russian = translate(question, locales["ru"])

    source_options = question.ordered_options()
    translated_options = russian.ordered_options()
    assert russian.translation_key == question.translation_key
    assert russian.live
    assert russian.stem.startswith("<p>RU ")
    assert [o.text for o in translated_options] == [f"RU {o.text}" for o in source_options]
    assert [(o.key, o.fraction) for o in translated_options] == [
        (o.key, o.fraction) for o in source_options
    ]
    assert {o.locale_id for o in translated_options} == {locales["ru"].pk}
    assert list(russian.tags.names()) == ["greeting"]


def test_translated_question_grades_exactly_like_its_source(locales):
    question = QuestionFactory(question_type=Question.Type.SITUATION, points=Decimal(2))

    russian = translate(question, locales["ru"])

    assert russian.grading_question() == question.grading_question()


def test_translated_question_shows_its_standard_in_its_language(locales):
    question = QuestionFactory()
    # Translated before its standard: it still points at the English standard.
    russian_question = translate(question, locales["ru"])
    assert russian_question.standard == question.standard
    assert russian_question.shown_standard() == question.standard

    russian_standard = translate(question.standard, locales["ru"])

    assert russian_question.shown_standard() == russian_standard
    assert russian_question.grading_question() == question.grading_question()

    # A withdrawn translation is not shown; the standard as linked is.
    russian_standard.unpublish()
    assert russian_question.shown_standard() == question.standard


def test_translation_made_after_the_standard_points_at_the_translated_standard(locales):
    question = QuestionFactory()
    russian_standard = translate(question.standard, locales["ru"])

    russian_question = translate(question, locales["ru"])

    assert russian_question.standard == russian_standard
    assert russian_question.grading_question().label == str(question.standard.translation_key)


def test_draft_edit_leaves_the_live_version_until_published():
    question = QuestionFactory(stem="<p>Old wording</p>")
    question.save_revision().publish()

    question.stem = "<p>New wording</p>"
    revision = question.save_revision()
    question.refresh_from_db()

    assert question.stem == "<p>Old wording</p>"
    assert question.has_unpublished_changes

    revision.publish()
    question.refresh_from_db()
    assert question.stem == "<p>New wording</p>"


def test_str_is_the_stem_as_plain_text():
    question = QuestionFactory.build(stem="<p>Is <b>this</b> right &amp; fair?</p>")

    assert str(question) == "Is this right & fair?"


@pytest.mark.parametrize(("mode", "shows_answers"), [("", False), ("review", True)])
def test_preview_shows_the_question_with_answers_only_in_review(rf, mode, shows_answers):
    question = QuestionFactory(
        stem="<p>A customer comes in.</p>",
        explanation="<p>Greet at once.</p>",
        options=[("Greet them", 100), ("Ignore them", 0)],
    )
    request = rf.get("/")
    request.user = AnonymousUser()

    content = question.serve_preview(request, mode).render().content.decode()

    for text in ("A customer comes in.", "Greet them", "Ignore them", question.standard.code):
        assert text in content
    assert ("Greet at once." in content) is shows_answers
    assert ("(100 %)" in content) is shows_answers
