"""Recognition on a phone: a learner finds the wall from the header and filters it, a
manager confirms the proposed winners, and the winner downloads the award certificate.
Each page passes axe and fits the screen."""

import subprocess
from datetime import date
from decimal import Decimal

import pytest

from lms.people.models import ManagerScope
from lms.recognition.models import Award
from lms.recognition.services import award_confirm
from tests.browser.conftest import LARGE_PHONE, fits_screen, serious_violations
from tests.browser.test_leaderboard import _log_in, _session_cookie
from tests.factories import LearnerFactory, ManagerFactory, RegionFactory, StoreFactory
from tests.factories.recognition import (
    AwardFactory,
    MonthResultFactory,
    ProgrammeFactory,
    RecognitionWallPageFactory,
)

pytestmark = pytest.mark.browser

NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def winners(home_page):
    """November: Anna (Bratislava) confirmed, Boris (Košice) proposed, and the wall."""
    region = RegionFactory(name="Central Europe")
    bratislava = StoreFactory(parent=region, name="Bratislava Old Town")
    kosice = StoreFactory(parent=region, name="Košice Centre")
    programme = ProgrammeFactory(name="Service star of the month")
    awards = {}
    for store, name, score in ((bratislava, "Anna Nováková", 96), (kosice, "Boris Kráľ", 91)):
        MonthResultFactory(programme=programme, unit=store, month=NOVEMBER)
        awards[name] = AwardFactory(
            programme=programme,
            unit=store,
            month=NOVEMBER,
            user=LearnerFactory(home_store=store, full_name=name),
            score=Decimal(score),
            parts={"store_id": store.pk},
        )
    manager = ManagerFactory(full_name="Marek Novák")
    ManagerScope.objects.create(manager=manager, unit=region)
    award_confirm(award=awards["Anna Nováková"], actor=manager)
    RecognitionWallPageFactory(parent=home_page)
    return {"region": region, "kosice": kosice, "manager": manager, **awards}


def test_a_learner_finds_the_wall_from_the_header_and_filters_it(phone, live_site, axe, winners):
    colleague = LearnerFactory(home_store=winners["kosice"])
    _log_in(phone, live_site.url, colleague.email)

    phone.get_by_role("navigation", name="Main menu").get_by_role(
        "link", name="Recognition"
    ).click()
    phone.get_by_role("link", name="Stars of the month").click()

    phone.get_by_role("heading", level=1, name="Stars of the month").wait_for()
    month = phone.get_by_role("heading", level=2, name="Latest Stars of November 2026")
    assert month.is_visible()
    assert phone.get_by_text("Anna Nováková").is_visible()
    assert phone.get_by_text("Score 96 %").is_visible()
    assert phone.get_by_text("Boris Kráľ").count() == 0  # proposed, not yet confirmed
    assert serious_violations(axe.run(phone)) == []
    assert fits_screen(phone)

    phone.get_by_label("Region or store", exact=True).select_option(label="Košice Centre")
    phone.get_by_role("button", name="Show").click()

    phone.get_by_text("No winners in Košice Centre yet.").wait_for()
    assert serious_violations(axe.run(phone)) == []


def test_a_manager_confirms_and_the_winner_downloads_the_award_certificate(
    phone, browser, live_site, axe, winners, tmp_path
):
    phone.context.add_cookies([_session_cookie(winners["manager"], live_site.url)])
    phone.goto(f"{live_site.url}/en/recognition/")
    phone.get_by_role("link", name="Awards to confirm").click()

    phone.get_by_role("heading", level=1, name="Awards to confirm").wait_for()
    assert serious_violations(axe.run(phone)) == []
    assert fits_screen(phone)
    phone.get_by_label("Boris Kráľ").check()
    phone.get_by_role("button", name="Confirm the ticked awards").click()

    phone.get_by_text("1 award confirmed. The winner is told by e-mail.").wait_for()
    assert phone.get_by_text("There is nothing to confirm").is_visible()
    boris = Award.objects.get(user__full_name="Boris Kráľ")
    assert boris.status == Award.Status.CONFIRMED

    winner = browser.new_context(viewport=LARGE_PHONE, locale="en-GB", accept_downloads=True)
    tab = winner.new_page()
    tab.set_default_timeout(10_000)
    _log_in(tab, live_site.url, boris.user.email)
    awards = tab.get_by_role("region", name="Awards")
    assert awards.get_by_role("heading", name="Service star of the month").is_visible()
    with tab.expect_download() as download_info:
        awards.get_by_role("link", name="Download PDF").click()
    pdf = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(pdf)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Boris Kráľ" in text
    assert "Service star of the month, Košice Centre, November 2026" in text
    assert serious_violations(axe.run(tab)) == []
    winner.close()
