"""Fixtures shared by the whole suite."""

import pytest
from django.db import connection
from wagtail.models import Locale, Site

from content.models import HomePage


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Each test writes uploads and PDFs to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """A view that switches language for a person must not leave it on for the next test."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate limits and used codes do not carry over.

    Only this run's keys are deleted (the test settings give it its own prefix), never
    the whole Redis database, which other processes may be using.
    """
    yield
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache

    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _postgresql_only(django_db_setup, django_db_blocker):
    """The suite is for PostgreSQL; stop at once if pointed at anything else."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            pytest.exit(f"Tests must run on PostgreSQL, not {connection.vendor}.", returncode=2)


@pytest.fixture(scope="session")
def _serialized_database(django_db_setup):
    """What Django serialized of the freshly migrated test database.

    Read once at the start: after Playwright's sync API starts, Django hands this thread
    a new connection object that lacks the serialized contents.
    """
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def _restorable_connection(_serialized_database):
    # Set on the connection class, so whichever connection object Django hands out (at
    # set-up, at the flush, after Playwright started) restores the same contents.
    from django.db import connections

    if _serialized_database is not None:
        type(connections["default"])._test_serialized_contents = _serialized_database


@pytest.fixture
def transactional_site(_restorable_connection, django_db_serialized_rollback, transactional_db):
    """Real commits (for live servers and worker processes) with the migrations' data kept.

    A transactional test ends by emptying every table. Serialized rollback puts back the
    page tree, site, locales, groups and content types that the migrations created, so
    every such test must use this fixture, or later ones would start without them.
    """


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
