"""Addresses of the import runs, under /imports/ (qaportal.urls includes them)."""

from django.urls import path

from . import import_views

app_name = "imports"

urlpatterns = [
    path("<int:pk>/", import_views.run_page, name="run"),
    path("<int:pk>/progress/", import_views.run_progress, name="progress"),
]
