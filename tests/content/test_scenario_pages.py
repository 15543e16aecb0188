"""Scenario pages: where they live, how their steps are checked on save, and translation."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from content.models import CoursePage, ScenarioPage
from tests.factories.content import (
    CourseIndexPageFactory,
    CoursePageFactory,
    ScenarioPageFactory,
    StandardFactory,
    complaint_steps,
    scenario_ending,
    scenario_step,
)


@pytest.fixture
def course(home_page):
    return CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))


def test_factory_scenario_is_valid_with_its_best_score(course):
    scenario = ScenarioPageFactory(parent=course)

    assert isinstance(scenario.get_parent().specific, CoursePage)
    assert scenario.max_score == 5
    assert ScenarioPage.objects.get(pk=scenario.pk).steps[0].value["key"] == "opening"


def _broken_steps():
    return [
        scenario_step("opening", "Hello?", ("Good morning!", 1, "missing")),
        scenario_step("orphan", "Anyone?", ("Yes.", 1, "done")),
        scenario_ending("done", "Done"),
    ]


def test_saving_a_broken_scenario_lists_each_problem_with_its_node(course):
    with pytest.raises(ValidationError) as raised:
        ScenarioPageFactory(parent=course, steps=_broken_steps())

    messages = raised.value.message_dict["steps"]
    assert messages == [
        "Node 1, reply 1: There is no step or ending with the key “missing”.",
    ]


def test_pass_score_cannot_exceed_the_best_possible_score(course):
    with pytest.raises(ValidationError) as raised:
        ScenarioPageFactory(parent=course, pass_score=6)

    assert raised.value.message_dict["pass_score"] == [
        "The best possible score is 5; the pass score cannot be higher."
    ]


def _stream_form_data(steps) -> dict:
    """The admin form's fields for raw scenario stream data, as the browser posts them."""
    data = {"steps-count": str(len(steps))}
    for index, child in enumerate(steps):
        prefix = f"steps-{index}"
        data.update(
            {
                f"{prefix}-type": child["type"],
                f"{prefix}-deleted": "",
                f"{prefix}-order": str(index),
            }
        )
        value = child["value"]
        if child["type"] == "ending":
            for name in ("key", "title", "text"):
                data[f"{prefix}-value-{name}"] = value[name]
            continue
        data[f"{prefix}-value-key"] = value["key"]
        data[f"{prefix}-value-customer_line"] = value["customer_line"]
        data[f"{prefix}-value-replies-count"] = str(len(value["replies"]))
        for number, reply in enumerate(value["replies"]):
            reply_prefix = f"{prefix}-value-replies-{number}"
            data.update({f"{reply_prefix}-deleted": "", f"{reply_prefix}-order": str(number)})
            for name in ("text", "feedback", "points", "effect", "next"):
                data[f"{reply_prefix}-value-{name}"] = (
                    "" if reply[name] is None else str(reply[name])
                )
            data[f"{reply_prefix}-value-standard"] = ""
    return data


def _scenario_form_data(steps, **overrides) -> dict:
    data = {
        "title": "An angry customer",
        "slug": "an-angry-customer",
        "summary": "",
        "setting": "The service desk on a Saturday.",
        "persona": "A customer whose kettle broke.",
        "mood": "angry",
        "goal": "Settle the complaint.",
        "pass_score": "3",
        "standards-TOTAL_FORMS": "0",
        "standards-INITIAL_FORMS": "0",
        "standards-MIN_NUM_FORMS": "0",
        "standards-MAX_NUM_FORMS": "1000",
        "required": "on",
        "estimated_minutes": "5",
        **_stream_form_data(steps),
    }
    return {**data, **overrides}


def _add_url(course):
    return reverse("wagtailadmin_pages:add", args=("content", "scenariopage", course.pk))


def test_admin_shows_each_problem_on_the_step_and_reply_to_fix(client, course, trainer):
    client.force_login(trainer)

    response = client.post(_add_url(course), _scenario_form_data(_broken_steps()))

    assert response.status_code == 200
    assert not ScenarioPage.objects.exists()
    error = response.context["form"].errors["steps"].as_data()[0]
    reply_error = error.block_errors[0].block_errors["replies"].block_errors[0]
    assert reply_error.block_errors["next"].messages == [
        "There is no step or ending with the key “missing”."
    ]
    # Listed once, on the block, not again as a message for the whole field.
    assert len(response.context["form"].errors["steps"]) == 1


def test_admin_shows_unreachable_steps_on_their_key(client, course, trainer):
    client.force_login(trainer)
    steps = _broken_steps()
    steps[0]["value"]["replies"][0]["next"] = "done"

    response = client.post(_add_url(course), _scenario_form_data(steps))

    error = response.context["form"].errors["steps"].as_data()[0]
    assert error.block_errors[1].block_errors["key"].messages == [
        "No reply leads here, so no learner can reach this node."
    ]


def test_admin_saves_a_valid_scenario_as_a_draft(client, course, trainer):
    client.force_login(trainer)

    response = client.post(_add_url(course), _scenario_form_data(complaint_steps()))

    assert response.status_code == 302
    scenario = ScenarioPage.objects.get(slug="an-angry-customer")
    assert not scenario.live
    assert scenario.max_score == 5


def test_a_translated_scenario_keeps_its_graph_and_validates(course, locales):
    scenario = ScenarioPageFactory(parent=course)
    source, _created = TranslationSource.get_or_create_from_instance(scenario)
    russian = Locale.objects.get(language_code="ru")
    # Translate every string; keys and pointers are never offered.
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=russian,
            context=segment.context,
            data=f"RU {segment.string.data}",
        )
    offered = set(
        StringSegment.objects.filter(source=source).values_list("string__data", flat=True)
    )
    assert "opening" not in offered
    assert "walks-out" not in offered

    course.copy_for_translation(russian, copy_parents=True)
    translation = Translation.objects.create(source=source, target_locale=russian)
    translation.save_target(publish=True)

    translated = scenario.get_translation(russian)
    assert translated.steps[0].value["customer_line"].startswith("RU ")
    assert translated.scenario_graph() == scenario.scenario_graph()
    translated.full_clean()
    assert translated.max_score == 5


def test_saving_outside_the_admin_still_applies_the_blocks_own_rules(course):
    steps = complaint_steps()
    steps[0]["value"]["replies"][0]["effect"] = ""
    steps[0]["value"]["replies"][0]["standard"] = StandardFactory().pk
    steps[1]["value"]["customer_line"] = "x" * 601

    with pytest.raises(ValidationError) as raised:
        ScenarioPageFactory(parent=course, steps=steps)

    assert raised.value.message_dict["steps"] == [
        "Node 1: Say whether this reply applies or breaks it.",
        "Node 2: Ensure this value has at most 600 characters (it has 601).",
    ]
