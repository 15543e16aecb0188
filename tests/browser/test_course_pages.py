"""The demo course and one of its lessons, on a phone-sized screen."""

import pytest

from content.demo import load_demo_course
from tests.browser.conftest import fits_screen, serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_course(live_site):
    return load_demo_course()


def _assert_fits_a_phone_and_passes_axe(page, axe):
    assert page.get_by_role("heading", level=1).is_visible()
    assert fits_screen(page)
    assert serious_violations(axe.run(page)) == []


def test_course_page_fits_a_phone_and_passes_axe(page, live_site, axe, demo_course):
    page.goto(f"{live_site.url}{demo_course.url}")

    assert page.get_by_role("heading", level=1).inner_text() == "Service standards essentials"
    assert page.get_by_role("link", name="Complaints").is_visible()
    _assert_fits_a_phone_and_passes_axe(page, axe)


def test_lesson_page_fits_a_phone_and_passes_axe(page, live_site, axe, demo_course):
    page.goto(f"{live_site.url}{demo_course.url}")
    page.get_by_role("link", name="The stages of a sale and handling objections").click()
    page.wait_for_url("**/stages-of-a-sale-and-objections/")

    assert page.get_by_text("LANG-01").first.is_visible()
    _assert_fits_a_phone_and_passes_axe(page, axe)


def test_course_index_fits_a_phone_and_passes_axe(page, live_site, axe, demo_course):
    page.goto(f"{live_site.url}{demo_course.get_parent().url}")

    assert page.get_by_role("link", name="Service standards essentials").is_visible()
    _assert_fits_a_phone_and_passes_axe(page, axe)


def test_search_finds_the_telephone_lesson_and_passes_axe(page, live_site, axe, demo_course):
    page.goto(f"{live_site.url}/en/search/")
    page.get_by_label("Words to look for").fill("telephone")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/en/search/?q=telephone")

    assert page.get_by_role("link", name="Telephone etiquette").is_visible()
    _assert_fits_a_phone_and_passes_axe(page, axe)
