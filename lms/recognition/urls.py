from django.urls import path

from . import award_views, views

app_name = "recognition"

urlpatterns = [
    path("recognition/", views.programme_list, name="programme_list"),
    path("recognition/awards/", award_views.award_review, name="award_review"),
    path("recognition/awards/confirm/", award_views.award_confirm_view, name="award_confirm"),
    path("recognition/<slug:slug>/", views.programme_detail, name="programme_detail"),
]
