"""The Standard snippet: validation, uniqueness, translation fields, drafts and preview."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields

from content.demo import load_demo_standards
from content.models import Standard
from tests.factories.content import StandardCategoryFactory, StandardFactory

pytestmark = pytest.mark.django_db


def test_mandatory_standard_without_criterion_is_refused():
    standard = StandardFactory.build(
        level=Standard.Level.MANDATORY, criterion="  ", category=StandardCategoryFactory()
    )

    with pytest.raises(ValidationError) as error:
        standard.full_clean()

    assert list(error.value.message_dict) == ["criterion"]
    assert "slogan" in error.value.message_dict["criterion"][0]


def test_recommended_standard_without_criterion_is_valid():
    standard = StandardFactory.build(
        level=Standard.Level.RECOMMENDED, criterion="", category=StandardCategoryFactory()
    )

    standard.full_clean()


def test_code_must_look_like_a_code():
    standard = StandardFactory.build(code="phone 1", category=StandardCategoryFactory())

    with pytest.raises(ValidationError) as error:
        standard.full_clean()

    assert "code" in error.value.message_dict


def test_str_shows_code_and_title():
    assert str(StandardFactory.build(code="PHONE-01", title="Pick up")) == "PHONE-01 — Pick up"


def test_code_is_unique_per_locale():
    existing = StandardFactory(code="PHONE-01")
    duplicate = StandardFactory.build(code="PHONE-01", category=existing.category)

    with pytest.raises(ValidationError):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_translation_keeps_the_same_code(locales):
    standard = StandardFactory(code="PHONE-01")

    translation = standard.copy_for_translation(locales["sk"])
    translation.save()

    assert translation.code == "PHONE-01"
    assert translation.translation_key == standard.translation_key
    assert Standard.objects.filter(code="PHONE-01").count() == 2


def test_code_and_level_are_synchronised_and_texts_translated():
    fields = {field.field_name: field for field in get_translatable_fields(Standard)}

    for name in ("code", "level"):
        assert isinstance(fields[name], SynchronizedField)
        assert not fields[name].overridable
    for name in ("title", "rule", "criterion"):
        assert isinstance(fields[name], TranslatableField)


def test_draft_edit_leaves_the_live_version_until_published():
    standard = StandardFactory(title="Pick up quickly")
    standard.save_revision().publish()

    standard.title = "Pick up very quickly"
    revision = standard.save_revision()
    standard.refresh_from_db()

    assert standard.title == "Pick up quickly"
    assert standard.has_unpublished_changes

    revision.publish()
    standard.refresh_from_db()

    assert standard.title == "Pick up very quickly"
    assert standard.live
    assert not standard.has_unpublished_changes


def test_preview_shows_the_standard_as_learners_see_it(rf, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    standard = StandardFactory.build(
        code="PHONE-01",
        title="Pick up quickly",
        rule="Answer promptly.",
        criterion="Phone answered by the third ring.",
        category=StandardCategoryFactory(name="Telephone"),
    )
    request = rf.get("/")
    request.user = AnonymousUser()

    response = standard.serve_preview(request, standard.default_preview_mode)
    content = response.render().content.decode()

    for text in ("PHONE-01", "Pick up quickly", "Answer promptly.", "third ring", "Mandatory"):
        assert text in content


def test_demo_standards_load_twice_without_duplicates():
    first = load_demo_standards()
    second = load_demo_standards()

    assert len(first) == len(second) >= 20
    assert Standard.objects.count() == len(first)
    assert all(standard.live and standard.live_revision_id for standard in second)
    mandatory = Standard.objects.filter(level=Standard.Level.MANDATORY)
    assert mandatory.exists()
    assert not mandatory.filter(criterion="").exists()
    assert Standard.objects.get(code="PHONE-01").revisions.count() == 1
