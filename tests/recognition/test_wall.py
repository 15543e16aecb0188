"""The recognition wall page: confirmed winners by month, region and store, with their
scores; a filter, pages of months, staff only, in the reader's language, fixed queries."""

from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from lms.recognition.models import Award, RecognitionWallPage
from tests.factories import LearnerFactory, StoreFactory
from tests.factories.recognition import (
    AwardFactory,
    ProgrammeFactory,
    RecognitionWallPageFactory,
)

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)
OCTOBER = date(2026, 10, 1)


@pytest.fixture
def wall(home_page):
    return RecognitionWallPageFactory(parent=home_page)


@pytest.fixture
def store_star(db):
    return ProgrammeFactory(name="Store star")


@pytest.fixture
def region_star(db):
    return ProgrammeFactory(name="Region star", scope_level="region")


def win(programme, unit, name, *, month=NOVEMBER, store=None, status="confirmed", **kwargs):
    person = LearnerFactory(home_store=store or unit, full_name=name)
    parts = {"store_id": (store or unit).pk}
    return AwardFactory(
        programme=programme,
        unit=unit,
        user=person,
        month=month,
        status=status,
        parts=parts,
        **kwargs,
    )


def wall_text(response) -> list[str]:
    """Each month as a reader sees it: the heading, then each group's lines."""
    soup = BeautifulSoup(response.content, "html.parser")
    lines = []
    for section in soup.select(".recognition-wall__month"):
        lines.append(" ".join(section.find("h2").get_text(" ", strip=True).split()))
        for group in section.select(".recognition-wall__group"):
            unit = group.select_one(".recognition-wall__unit").get_text(strip=True)
            programme = group.select_one(".recognition-wall__programme").get_text(strip=True)
            winners = "; ".join(
                " ".join(winner.get_text(" ", strip=True).split())
                for winner in group.select(".recognition-wall__winner")
            )
            lines.append(f"{unit} | {programme} | {winners}")
    return lines


def test_the_wall_shows_confirmed_winners_by_month_regions_first(
    client, wall, region, store, other_store, store_star, region_star
):
    win(store_star, store, "Anna", score=Decimal("95.00"))
    win(store_star, other_store, "Boris", score=Decimal("91.50"))
    win(region_star, region, "Cecilia", store=other_store, score=Decimal("97.25"))
    win(store_star, store, "Dora", month=OCTOBER, score=Decimal("88.00"))
    win(store_star, store, "Emil", status=Award.Status.PROPOSED)
    win(store_star, store, "Filip", status=Award.Status.WITHDRAWN)
    client.force_login(LearnerFactory(home_store=store))

    response = client.get(wall.url)

    assert response.status_code == 200
    assert wall_text(response) == [
        "Latest Stars of November 2026",
        "Central Europe | Region star | ★ Cecilia Košice Centre Score 97.25 %",
        "Bratislava Old Town | Store star | ★ Anna Score 95 %",
        "Košice Centre | Store star | ★ Boris Score 91.5 %",
        "Stars of October 2026",
        "Bratislava Old Town | Store star | ★ Dora Score 88 %",
    ]


def test_shared_ranks_are_all_on_the_wall(client, wall, store, store_star):
    win(store_star, store, "Anna", rank=1)
    win(store_star, store, "Boris", rank=1)
    client.force_login(LearnerFactory(home_store=store))

    [_heading, group] = wall_text(client.get(wall.url))

    assert "Anna" in group and "Boris" in group


def test_the_wall_filters_by_region_or_store(
    client, wall, region, store, other_store, store_star, region_star
):
    win(store_star, store, "Anna")
    win(store_star, other_store, "Boris")
    win(region_star, region, "Cecilia", store=other_store)
    client.force_login(LearnerFactory(home_store=store))

    by_store = wall_text(client.get(wall.url, {"unit": other_store.pk}))
    by_region = wall_text(client.get(wall.url, {"unit": region.pk}))

    assert [line.split(" | ")[0] for line in by_store[1:]] == ["Košice Centre"]
    assert [line.split(" | ")[0] for line in by_region[1:]] == [
        "Central Europe",
        "Bratislava Old Town",
        "Košice Centre",
    ]
    assert client.get(wall.url, {"unit": "x"}).status_code == 404
    assert client.get(wall.url, {"unit": 999999}).status_code == 404


def test_a_wall_limited_to_some_programmes_shows_only_theirs(
    client, wall, region, store, store_star, region_star
):
    win(store_star, store, "Anna")
    win(region_star, region, "Cecilia", store=store)
    wall.programmes.set([region_star])
    wall.save_revision().publish()
    client.force_login(LearnerFactory(home_store=store))

    lines = wall_text(client.get(wall.url))

    assert lines[1:] == ["Central Europe | Region star | ★ Cecilia Bratislava Old Town Score 90 %"]


def test_an_empty_wall_says_when_winners_appear(client, wall, store):
    client.force_login(LearnerFactory(home_store=store))

    text = client.get(wall.url).content.decode()

    assert "No winners yet. Winners appear here once their manager confirms them" in text


def test_older_months_are_on_further_pages(client, wall, store, store_star):
    for month in range(1, 8):
        win(store_star, store, f"Person {month}", month=date(2026, month, 1))
    client.force_login(LearnerFactory(home_store=store))

    first = wall_text(client.get(wall.url))
    third = wall_text(client.get(wall.url, {"page": 3}))

    assert [line for line in first if line.startswith(("Latest", "Stars"))] == [
        "Latest Stars of July 2026",
        "Stars of June 2026",
        "Stars of May 2026",
    ]
    assert third[0] == "Stars of January 2026"
    soup = BeautifulSoup(client.get(wall.url).content, "html.parser")
    assert "Page 1 of 3" in soup.select_one(".pagination").get_text()


def test_the_wall_is_for_signed_in_staff_only(client, wall, store, store_star):
    win(store_star, store, "Anna")

    response = client.get(wall.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_the_wall_in_russian_names_the_months_in_russian(client, wall, locales, store, store_star):
    win(store_star, store, "Anna", month=OCTOBER)
    russian = wall.copy_for_translation(locales["ru"], copy_parents=True)
    russian.title = "Звёзды месяца"
    russian.save_revision().publish()
    client.force_login(LearnerFactory(home_store=store, preferred_language="ru"))

    response = client.get(russian.url)

    assert response.status_code == 200
    assert wall_text(response)[0].endswith("Октябрь 2026 г.")  # noqa: RUF001


def test_trainers_can_place_one_wall_under_the_home_page(home_page):
    assert RecognitionWallPage in home_page.specific_class.allowed_subpage_models()
    assert RecognitionWallPage.can_create_at(Page.get_first_root_node()) is False


@pytest.mark.parametrize("winners", [2, 24])
def test_the_wall_runs_a_fixed_number_of_queries(
    client, wall, region, store_star, winners, django_assert_max_num_queries
):
    stores = [StoreFactory(parent=region) for _n in range(winners)]
    for number, unit in enumerate(stores):
        win(store_star, unit, f"Person {number}", month=date(2026, 1 + number % 3, 1))
    client.force_login(LearnerFactory(home_store=stores[0]))

    # Wagtail's routing, the session and the header take 18; the wall adds five: the units
    # of the filter, the programmes, the months, their awards, the winners' stores.
    with django_assert_max_num_queries(23):
        response = client.get(wall.url)

    assert sum(len(line.split("; ")) for line in wall_text(response)[1:]) >= winners // 3
