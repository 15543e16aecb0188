"""Fixtures shared by the whole suite."""

import pytest
from django.db import connection
from wagtail.models import Locale, Site

from content.models import HomePage


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Each test writes uploads and PDFs to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="session", autouse=True)
def _postgresql_only(django_db_setup, django_db_blocker):
    """The suite is for PostgreSQL; stop at once if pointed at anything else."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.exit(f"Tests must run on PostgreSQL, not {connection.vendor}.", returncode=2)


@pytest.fixture
def minimal_site(db) -> Site:
    """The default site with the home page the migrations create, in English."""
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    return site


@pytest.fixture
def home_page(minimal_site) -> HomePage:
    return minimal_site.root_page.specific


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    return {locale.language_code: locale for locale in Locale.objects.all()}
