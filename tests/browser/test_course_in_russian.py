"""A Russian-speaking learner takes the translated demo course on a phone."""

import pytest
from wagtail.models import Locale

from content.demo import load_demo_course
from content.demo_ru import load_demo_translation_ru
from tests.browser.conftest import fits_screen, serious_violations
from tests.factories import LearnerFactory
from tests.factories.people import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def russian_course(live_site):
    course = load_demo_course()
    load_demo_translation_ru()
    return course.get_translation(Locale.objects.get(language_code="ru"))


def _log_in(page, base_url, email, password):
    page.goto(f"{base_url}/en/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def _assert_fits_a_phone_and_passes_axe(page, axe):
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).is_visible()
    assert fits_screen(page)
    assert serious_violations(axe.run(page)) == []


def test_russian_learner_completes_the_first_lesson_in_russian(
    page, live_site, axe, russian_course
):
    learner = LearnerFactory(preferred_language="ru")
    _log_in(page, live_site.url, learner.email, PASSWORD)
    page.wait_for_url("**/ru/my-learning/")

    page.goto(f"{live_site.url}{russian_course.url}")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Основы стандартов обслуживания"
    languages = page.get_by_role("navigation", name="Язык")
    assert languages.get_by_role("link", name="English").get_attribute("href") == (
        "/en/courses/service-standards-essentials/"
    )
    _assert_fits_a_phone_and_passes_axe(page, axe)

    page.get_by_role("link", name="Магазин и первое впечатление").first.click()
    page.wait_for_url("**/ru/courses/service-standards-essentials/store-and-first-impression/")
    assert page.get_by_role("heading", level=1).inner_text() == "Магазин и первое впечатление"
    assert page.get_by_text("Свет и музыка включены").is_visible()
    assert page.get_by_text("STORE-01").first.is_visible()
    _assert_fits_a_phone_and_passes_axe(page, axe)

    page.get_by_role("button", name="Отметить как пройденный").click()

    page.wait_for_url("**/ru/courses/service-standards-essentials/store-and-first-impression/")
    assert page.get_by_role("status").filter(has_text="Урок отмечен как пройденный.").is_visible()
    assert page.get_by_text("Пройден", exact=True).is_visible()
    assert page.get_by_role("button", name="Отметить как непройденный").is_visible()
    _assert_fits_a_phone_and_passes_axe(page, axe)
