"""The question bank admin: adding with options, validation, filters, search and approval."""

import pytest
import wagtail_factories
from taggit.models import Tag
from wagtail.models import Collection, WorkflowState
from wagtail.test.utils.form_data import rich_text

from quizzes.models import Question
from tests.factories.content import StandardCategoryFactory, StandardFactory
from tests.factories.quizzes import QuestionFactory
from tests.quizzes.helpers import question_admin_url, question_form_data, translate

pytestmark = pytest.mark.django_db

WORKFLOW_NAME = "Standards approval"


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


@pytest.fixture
def head_trainer_client(client, head_trainer):
    client.force_login(head_trainer)
    return client


def listed(response):
    return sorted(question.stem_excerpt() for question in response.context["object_list"])


# -- Adding and editing -----------------------------------------------------------------------


def test_trainer_adds_a_question_with_options_as_a_draft(trainer_client):
    standard = StandardFactory(code="GREET-01")

    response = trainer_client.post(
        question_admin_url("add"), question_form_data(standard, tags="greeting, shop floor")
    )

    assert response.status_code == 302
    question = Question.objects.get()
    assert not question.live
    assert question.standard == standard
    assert question.latest_revision is not None
    assert [(o.text, o.fraction, o.sort_order) for o in question.ordered_options()] == [
        ("Greet them within ten seconds.", 100, 0),
        ("Finish the shelf first.", 0, 1),
        ("Wait until they ask.", -50, 2),
    ]
    assert len({o.key for o in question.options.all()}) == 3
    assert sorted(question.tags.names()) == ["greeting", "shop floor"]
    found = trainer_client.get(question_admin_url("list"), {"q": "greeting"})
    assert list(found.context["object_list"]) == [question]


def test_add_form_refuses_options_that_cannot_be_graded(trainer_client):
    standard = StandardFactory()
    options = [
        {"text": "Smile.", "fraction": "50"},
        {"text": "Make eye contact.", "fraction": "40"},
    ]

    response = trainer_client.post(
        question_admin_url("add"),
        question_form_data(standard, options=options, question_type="multiple"),
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The options worth points must add up to 100 %; they add up to 90 %."
    ]
    assert not Question.objects.exists()


def test_add_form_refuses_an_image_without_a_description(trainer_client):
    image = wagtail_factories.ImageFactory(collection=Collection.get_first_root_node())

    response = trainer_client.post(
        question_admin_url("add"), question_form_data(StandardFactory(), image=image.pk)
    )

    assert response.status_code == 200
    assert "image_alt" in response.context["form"].errors
    assert not Question.objects.exists()


def test_stem_is_cleaned_to_the_allowed_features(trainer_client):
    # The editor's full feature set, as a tampered request could send it.
    stem = rich_text(
        '<h2>Heading</h2><p><b>Bold</b> and <a href="https://example.com">a link</a></p>'
    )

    trainer_client.post(
        question_admin_url("add"), {**question_form_data(StandardFactory()), "stem": stem}
    )

    saved = Question.objects.get().stem
    assert "<b>Bold</b>" in saved
    assert "<h2>" not in saved
    assert "href" not in saved


def test_editing_a_live_question_keeps_its_option_keys(head_trainer_client):
    question = QuestionFactory(options=[("Right", 100), ("Wrong", 0)])
    question.save_revision().publish()
    right, wrong = question.ordered_options()
    options = [
        {"id": str(right.pk), "text": "Right, reworded", "fraction": "100"},
        {"id": str(wrong.pk), "text": "Wrong", "fraction": "0"},
    ]

    response = head_trainer_client.post(
        question_admin_url("edit", question.pk),
        question_form_data(
            question.standard,
            options=options,
            initial_options=2,
            **{"action-publish": "action-publish"},
        ),
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert [(o.key, o.text) for o in question.ordered_options()] == [
        (right.key, "Right, reworded"),
        (wrong.key, "Wrong"),
    ]


def test_a_copy_gets_options_of_its_own(head_trainer_client):
    question = QuestionFactory(stem="<p>Original</p>")
    question.save_revision().publish()
    original_options = question.ordered_options()
    # The copy form is filled from the original, option ids included, and posts to "add".
    copy_page = head_trainer_client.get(question_admin_url("copy", question.pk))
    options = [
        {"id": str(option.pk), "text": option.text, "fraction": str(option.fraction)}
        for option in original_options
    ]

    response = head_trainer_client.post(
        question_admin_url("add"),
        question_form_data(
            question.standard, options=options, initial_options=3, stem="<p>Copy</p>"
        ),
    )

    assert copy_page.status_code == 200
    assert f'action="{question_admin_url("add")}' in copy_page.content.decode()
    assert response.status_code == 302
    copy = Question.objects.exclude(pk=question.pk).get()
    assert copy.translation_key != question.translation_key
    assert [o.text for o in copy.ordered_options()] == [o.text for o in original_options]
    assert not {o.pk for o in copy.options.all()} & {o.pk for o in original_options}
    question.refresh_from_db()
    assert question.stem == "<p>Original</p>"
    assert question.ordered_options() == original_options


# -- Listing: filters and search ----------------------------------------------------------------


@pytest.fixture
def bank(locales):
    """Questions across standards, categories, types, tags, languages and states."""
    telephone = StandardCategoryFactory(name="Telephone")
    greeting = StandardCategoryFactory(name="Greeting")
    phone = StandardFactory(code="PHONE-01", category=telephone)
    greet = StandardFactory(code="GREET-01", category=greeting)
    english_phone = QuestionFactory(
        standard=phone, stem="<p>The phone rings three times</p>", tags=["phone"]
    )
    QuestionFactory(
        standard=greet,
        stem="<p>Order the stages of a sale</p>",
        question_type=Question.Type.ORDERING,
        tags=["sale", "closing"],
    )
    QuestionFactory(standard=greet, stem="<p>A draft about greeting</p>", live=False, active=False)
    translate(english_phone, locales["ru"])  # "RU The phone rings three times"
    return {"phone": phone, "greet": greet, "telephone": telephone}


def test_listing_shows_code_type_and_language(head_trainer_client, bank):
    response = head_trainer_client.get(question_admin_url("list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 4
    for text in ("PHONE-01", "Ordering", "The phone rings three times"):
        assert text in content


def test_filter_by_standard_includes_its_translations(head_trainer_client, bank):
    response = head_trainer_client.get(question_admin_url("list"), {"standard": bank["phone"].pk})

    assert listed(response) == ["RU The phone rings three times", "The phone rings three times"]


def test_filter_by_category(head_trainer_client, bank):
    response = head_trainer_client.get(
        question_admin_url("list"), {"category": bank["telephone"].pk}
    )

    assert listed(response) == ["RU The phone rings three times", "The phone rings three times"]


def test_filter_by_type_tag_language_status_and_active(head_trainer_client, bank):
    url = question_admin_url("list")
    sale = Tag.objects.get(name="sale")

    assert listed(head_trainer_client.get(url, {"question_type": "ordering"})) == [
        "Order the stages of a sale"
    ]
    assert listed(head_trainer_client.get(url, {"tag": sale.pk})) == ["Order the stages of a sale"]
    assert listed(head_trainer_client.get(url, {"locale": "ru"})) == [
        "RU The phone rings three times"
    ]
    assert listed(head_trainer_client.get(url, {"live": "false"})) == ["A draft about greeting"]
    assert listed(head_trainer_client.get(url, {"active": "false"})) == ["A draft about greeting"]


def test_search_finds_a_question_by_its_text(head_trainer_client, bank):
    response = head_trainer_client.get(question_admin_url("list"), {"q": "stages"})

    assert response.status_code == 200
    assert listed(response) == ["Order the stages of a sale"]


def test_search_finds_a_question_by_its_tag(head_trainer_client, bank):
    response = head_trainer_client.get(question_admin_url("list"), {"q": "closing"})

    assert listed(response) == ["Order the stages of a sale"]


def test_search_combines_with_filters(head_trainer_client, bank):
    response = head_trainer_client.get(
        question_admin_url("list"),
        {"q": "phone", "locale": "en", "category": bank["telephone"].pk},
    )

    assert listed(response) == ["The phone rings three times"]


# -- Approval -------------------------------------------------------------------------------------


def test_questions_use_the_standards_approval_workflow():
    assert Question.get_default_workflow().name == WORKFLOW_NAME


def test_trainer_cannot_publish(trainer_client):
    question = QuestionFactory(stem="<p>Live wording</p>")
    question.save_revision().publish()
    options = [
        {"id": str(option.pk), "text": option.text, "fraction": str(option.fraction)}
        for option in question.ordered_options()
    ]

    edit_page = trainer_client.get(question_admin_url("edit", question.pk))
    response = trainer_client.post(
        question_admin_url("edit", question.pk),
        question_form_data(
            question.standard,
            options=options,
            initial_options=len(options),
            stem="<p>New wording</p>",
            **{"action-publish": "action-publish"},
        ),
    )

    assert edit_page.status_code == 200
    assert 'name="action-publish"' not in edit_page.content.decode()
    assert 'name="action-submit"' in edit_page.content.decode()
    assert response.status_code == 302  # kept as a draft, not published
    question.refresh_from_db()
    assert question.stem == "<p>Live wording</p>"
    assert question.has_unpublished_changes


def test_trainer_submits_a_new_question_and_a_head_trainer_approves_it(
    client, trainer, head_trainer
):
    client.force_login(trainer)
    response = client.post(
        question_admin_url("add"),
        question_form_data(StandardFactory(), **{"action-submit": "action-submit"}),
    )

    assert response.status_code == 302
    question = Question.objects.get()
    assert not question.live
    assert question.workflow_in_progress
    assert question.current_workflow_state.workflow.name == WORKFLOW_NAME
    task_state = question.current_workflow_state.current_task_state

    client.force_login(head_trainer)
    response = client.post(
        question_admin_url("workflow_action", question.pk, "approve", task_state.pk),
        {"comment": ""},
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.live
    assert len(question.ordered_options()) == 3
    assert not WorkflowState.objects.active().filter(object_id=str(question.pk)).exists()
