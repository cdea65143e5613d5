from django.urls import path

from . import board_urls, scorecard_urls, views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rows/<slug:name>/", views.rows, name="rows"),
    *scorecard_urls.urlpatterns,
    *board_urls.urlpatterns,
]
