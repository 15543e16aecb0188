"""The exam page: where it lives, what a trainer may set, how the draw is checked."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

from content.models import CoursePage
from lms.people.roles import TRAINER
from quizzes.models import ExamDrawRule, ExamPage, assign_draw
from tests.factories.content import (
    CourseIndexPageFactory,
    CoursePageFactory,
    StandardCategoryFactory,
    StandardFactory,
)
from tests.factories.people import UserFactory
from tests.factories.quizzes import ExamPageFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return CoursePageFactory(parent=CourseIndexPageFactory(parent=home_page))


@pytest.fixture
def page_rules():
    """Wagtail's page-tree assertions, outside a unittest class."""

    class Rules(WagtailPageTestCase):
        def runTest(self):  # unittest needs one test method to instantiate the case
            pass

    return Rules()


def unsaved_exam(**fields) -> ExamPage:
    return ExamPage(title="Final exam", slug="final-exam", **fields)


def field_errors(page: ExamPage) -> dict:
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    return raised.value.message_dict


# -- Place in the tree and translation ---------------------------------------------------------


def test_exam_lives_only_in_a_course_and_has_no_children(page_rules):
    page_rules.assertAllowedParentPageTypes(ExamPage, {CoursePage})
    page_rules.assertAllowedSubpageTypes(ExamPage, set())


def test_structural_settings_stay_those_of_the_source_in_translations():
    fields = {field.field_name: field for field in get_translatable_fields(ExamPage)}
    for name in (
        "required",
        "pass_mark",
        "time_limit_minutes",
        "attempts_allowed",
        "wait_minutes",
        "resit_after_pass",
        "opens_at",
        "closes_at",
        "shuffle_questions",
        "shuffle_options",
        "layout",
        "review",
    ):
        assert isinstance(fields[name], SynchronizedField), name
        assert not fields[name].overridable, name
    assert isinstance(fields["introduction"], TranslatableField)
    # Inline rules are copied to the translation, not translated.
    assert "draw_rules" in fields


# -- Validation -------------------------------------------------------------------------------


def test_pass_mark_beyond_100_is_a_field_error():
    question = QuestionFactory()
    page = unsaved_exam(pass_mark=Decimal(101))
    page.draw_rules = [ExamDrawRule(question=question)]

    assert "pass_mark" in field_errors(page)


def test_the_window_must_close_after_it_opens():
    question = QuestionFactory()
    now = timezone.now()
    page = unsaved_exam(opens_at=now, closes_at=now - timedelta(hours=1))
    page.draw_rules = [ExamDrawRule(question=question)]

    assert field_errors(page)["closes_at"] == ["The exam must close after it opens."]


def test_an_exam_needs_a_rule():
    errors = field_errors(unsaved_exam())

    assert errors["__all__"] == ["Add at least one rule saying which questions the exam draws."]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "question"),
        ({"count": 2}, "question"),
        ({"with_question": True, "count": 2}, "question"),
        ({"with_standard": True}, "count"),
        ({"with_standard": True, "tag": "till", "count": 1}, "tag"),
    ],
)
def test_a_rule_is_either_one_fixed_question_or_n_from_one_source(fields, field):
    fields = dict(fields)
    if fields.pop("with_question", False):
        fields["question"] = QuestionFactory()
    if fields.pop("with_standard", False):
        fields["standard"] = StandardFactory()
    rule = ExamDrawRule(**fields)

    with pytest.raises(ValidationError) as raised:
        rule.clean()

    assert field in raised.value.message_dict


def test_a_rule_from_a_standard_category_or_tag_is_valid():
    standard = StandardFactory()
    QuestionFactory(standard=standard, tags=["till"])
    for source in (
        {"standard": standard},
        {"category": standard.category},
        {"tag": "till"},
    ):
        ExamDrawRule(count=1, **source).clean()


def test_the_pool_must_hold_enough_active_published_questions():
    standard = StandardFactory()
    QuestionFactory(standard=standard)
    QuestionFactory(standard=standard, active=False)
    QuestionFactory(standard=standard, live=False)
    page = unsaved_exam()
    page.draw_rules = [ExamDrawRule(count=2, standard=standard)]

    assert field_errors(page)["__all__"] == [
        "Rule 1 asks for 2 questions but the bank has only 1 active, published ones for it."
    ]


def test_an_inactive_fixed_question_is_refused():
    page = unsaved_exam()
    page.draw_rules = [ExamDrawRule(question=QuestionFactory(active=False))]

    assert "Rule 1" in field_errors(page)["__all__"][0]


def test_overlapping_rules_must_be_fillable_without_repeats():
    category = StandardCategoryFactory()
    standard = StandardFactory(category=category)
    questions = [QuestionFactory(standard=standard) for _n in range(2)]
    page = unsaved_exam()
    page.draw_rules = [
        ExamDrawRule(question=questions[0], sort_order=0),
        ExamDrawRule(count=2, category=category, sort_order=1),
    ]

    assert "overlap" in field_errors(page)["__all__"][0]

    QuestionFactory(standard=standard)
    page.clean()


def test_tags_match_in_any_case():
    QuestionFactory(tags=["Till"])
    page = unsaved_exam()
    page.draw_rules = [ExamDrawRule(count=1, tag="till")]

    page.clean()


# -- The pure draw ----------------------------------------------------------------------------


def test_assign_draw_finds_an_assignment_whatever_the_preference_order():
    # The broad rule prefers the narrow rule's only questions; augmenting paths move it.
    pools = [["a", "b", "c"], ["a", "b", "c"], ["a", "b"], ["a", "b"]]
    assert assign_draw(pools) is None
    pools = [["a", "b", "c", "d"], ["a", "b", "c", "d"], ["a", "b"], ["a", "b"]]

    chosen = assign_draw(pools)

    assert sorted(chosen) == ["a", "b", "c", "d"]
    assert set(chosen[2:]) == {"a", "b"}


def test_assign_draw_of_nothing_is_empty():
    assert assign_draw([]) == []
    assert assign_draw([[]]) is None


# -- Rendering and the admin ------------------------------------------------------------------


def test_page_shows_the_exam_rules_in_words(client, course):
    exam = ExamPageFactory(
        parent=course, time_limit_minutes=20, attempts_allowed=3, wait_minutes=30
    )

    response = client.get(exam.url)

    assert response.status_code == 200
    text = response.content.decode()
    assert exam.title in text
    assert "Show what you know" in text
    assert "3 questions." in text
    assert "You pass with 80% or more." in text
    assert "You have 20 minutes." in text
    assert "You may take it up to 3 times." in text
    assert "Wait 30 minutes between attempts." in text


def test_page_without_limits_says_so(client, course):
    text = client.get(ExamPageFactory(parent=course).url).content.decode()

    assert "There is no time limit." in text
    assert "You may take it as often as you need." in text


def exam_form_data(rules, **overrides) -> dict:
    data = {
        "title": "Final exam",
        "slug": "final-exam",
        "introduction": rich_text("<p>Twenty questions.</p>"),
        "draw_rules": inline_formset(
            [
                {"question": "", "count": "", "standard": "", "category": "", "tag": "", **rule}
                for rule in rules
            ]
        ),
        "required": "on",
        "pass_mark": "80",
        "time_limit_minutes": "20",
        "attempts_allowed": "3",
        "wait_minutes": "0",
        "shuffle_questions": "on",
        "shuffle_options": "on",
        "layout": ExamPage.Layout.ONE_PER_PAGE,
        "review": ExamPage.Review.MARKS,
        "opens_at": "",
        "closes_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, roles=[TRAINER]))
    return client


def add_url(course) -> str:
    return reverse("wagtailadmin_pages:add", args=("quizzes", "exampage", course.pk))


def test_trainer_adds_an_exam_whose_pool_is_checked_with_the_submitted_rules(admin_client, course):
    standard = StandardFactory()
    for _n in range(2):
        QuestionFactory(standard=standard)

    refused = admin_client.post(
        add_url(course), exam_form_data([{"count": "3", "standard": str(standard.pk)}])
    )

    assert refused.status_code == 200
    assert "Rule 1 asks for 3 questions" in refused.content.decode()
    assert not ExamPage.objects.exists()

    accepted = admin_client.post(
        add_url(course), exam_form_data([{"count": "2", "standard": str(standard.pk)}])
    )

    assert accepted.status_code == 302
    exam = ExamPage.objects.get()
    assert Page.objects.get(pk=exam.pk).get_parent().pk == course.pk
    assert [(rule.count, rule.standard_id) for rule in exam.draw_rules.all()] == [(2, standard.pk)]
    assert exam.time_limit_minutes == 20


def test_admin_shows_a_rule_that_is_neither_fixed_nor_drawn_on_the_rule(admin_client, course):
    response = admin_client.post(add_url(course), exam_form_data([{"count": "2"}]))

    assert response.status_code == 200
    assert "Choose a fixed question, or a standard, category or tag" in response.content.decode()
    assert not ExamPage.objects.exists()
