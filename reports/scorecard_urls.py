"""The scorecard's addresses, under /reports/ (reports.urls includes them)."""

from django.urls import path

from . import scorecard_views as views

urlpatterns = [
    path("scorecard/", views.scorecard_page, name="scorecard"),
    path("scorecard/reviewed/", views.review, name="scorecard_review"),
    path("scorecard/import/", views.import_page, name="scorecard_import"),
    path("scorecard/values/new/", views.value_new, name="scorecard_value_new"),
    path("scorecard/values/<int:pk>/explain/", views.explain, name="scorecard_explain"),
    path("scorecard/measures/<int:pk>/", views.measure_detail, name="measure"),
]
