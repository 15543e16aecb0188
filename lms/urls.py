"""URLs of the Academy. Pages people read are prefixed by language (/en/, /ru/ ...)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from content.views import search as content_search
from lms.people.views import account_profile, set_language

urlpatterns = [
    # One login for site and admin: Wagtail's own login form is not offered beside it.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
        name="wagtailadmin_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Django's own admin, for low-level repairs only; the Wagtail admin is where work is done.
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jobs/", include("lms.jobs.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/profile/", account_profile, name="account_profile"),
    path("accounts/", include("allauth.urls")),
    path("people/", include("lms.people.urls")),
    path("manage/", include("lms.dashboards.urls")),
    path("search/", content_search, name="search"),
    path("", include("lms.learning.urls")),
    path("", include("lms.certificates.urls")),
    path("", include("lms.recognition.urls")),
    path("", include("quizzes.urls")),
    path("", include(wagtail_urls)),
)
