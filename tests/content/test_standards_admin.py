"""The standards admin: the add form's validation, listing filters, search, usage, history."""

import pytest
from django.urls import reverse
from wagtail.models import ReferenceIndex

from content.models import Standard
from tests.content.helpers import standard_admin_url, standard_form_data
from tests.factories.content import StandardCategoryFactory, StandardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_trainer_client(client, head_trainer):
    client.force_login(head_trainer)
    return client


def test_add_form_refuses_mandatory_standard_without_criterion(head_trainer_client):
    category = StandardCategoryFactory()

    response = head_trainer_client.post(
        standard_admin_url("add"),
        standard_form_data(category, criterion="", **{"action-publish": "action-publish"}),
    )

    assert response.status_code == 200
    assert "slogan" in response.context["form"].errors["criterion"][0]
    assert not Standard.objects.exists()


def test_add_form_accepts_recommended_standard_without_criterion(head_trainer_client):
    category = StandardCategoryFactory()

    response = head_trainer_client.post(
        standard_admin_url("add"),
        standard_form_data(category, level=Standard.Level.RECOMMENDED, criterion=""),
    )

    assert response.status_code == 302
    standard = Standard.objects.get(code="PHONE-01")
    assert not standard.live  # saved as a draft


def test_listing_filters_by_level_and_category(head_trainer_client):
    telephone = StandardCategoryFactory(name="Telephone")
    complaints = StandardCategoryFactory(name="Complaints")
    StandardFactory(code="PHONE-01", category=telephone)
    StandardFactory(
        code="PHONE-09", category=telephone, level=Standard.Level.RECOMMENDED, criterion=""
    )
    StandardFactory(code="COMPL-01", category=complaints)

    by_level = head_trainer_client.get(standard_admin_url("list"), {"level": "recommended"})
    by_category = head_trainer_client.get(standard_admin_url("list"), {"category": complaints.pk})

    assert [s.code for s in by_level.context["object_list"]] == ["PHONE-09"]
    assert [s.code for s in by_category.context["object_list"]] == ["COMPL-01"]


def test_listing_searches_by_code(head_trainer_client):
    StandardFactory(code="PHONE-01", title="Pick up quickly")
    StandardFactory(code="COMPL-01", title="Listen first")

    response = head_trainer_client.get(standard_admin_url("list"), {"q": "COMPL-01"})

    assert response.status_code == 200
    assert [s.code for s in response.context["object_list"]] == ["COMPL-01"]


def test_usage_view_opens(head_trainer_client):
    standard = StandardFactory()

    response = head_trainer_client.get(standard_admin_url("usage", standard.pk))

    assert response.status_code == 200
    assert ReferenceIndex.is_indexed(Standard)


def test_each_edit_keeps_a_revision_that_can_be_compared(head_trainer_client):
    standard = StandardFactory(code="PHONE-01")
    category = standard.category

    for title in ("First wording", "Second wording"):
        response = head_trainer_client.post(
            standard_admin_url("edit", standard.pk), standard_form_data(category, title=title)
        )
        assert response.status_code == 302

    first, second = standard.revisions.order_by("created_at", "pk")
    response = head_trainer_client.get(
        reverse(
            "wagtailsnippets_content_standard:revisions_compare",
            kwargs={"pk": standard.pk, "revision_id_a": first.pk, "revision_id_b": second.pk},
        )
    )

    assert response.status_code == 200
    assert "Second wording" in response.content.decode()


def test_category_listing_opens(head_trainer_client):
    StandardCategoryFactory(name="Telephone")

    response = head_trainer_client.get(reverse("wagtailsnippets_content_standardcategory:list"))

    assert response.status_code == 200
    assert "Telephone" in response.content.decode()


def test_listing_filters_drafts_by_status(head_trainer_client):
    StandardFactory(code="PHONE-01")
    StandardFactory(code="PHONE-02", live=False)

    response = head_trainer_client.get(standard_admin_url("list"), {"live": "false"})

    assert [s.code for s in response.context["object_list"]] == ["PHONE-02"]
