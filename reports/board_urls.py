"""Addresses of the board reports, in the reports namespace (reports.urls includes them)."""

from django.urls import path

from . import board_views

urlpatterns = [
    path("board/", board_views.report_list, name="board_reports"),
    path("board/start/", board_views.start, name="board_start"),
    path("board/<int:pk>/", board_views.report_page, name="board_report"),
    path("board/<int:pk>/generate/", board_views.generate, name="board_generate"),
    path("board/<int:pk>/progress/", board_views.progress, name="board_progress"),
    path("board/<int:pk>/finalise/", board_views.finalise, name="board_finalise"),
    path("board/<int:pk>/correct/", board_views.correct, name="board_correct"),
    path("board/<int:pk>/versions/<int:number>/", board_views.download, name="board_download"),
]
