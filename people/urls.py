from django.urls import path

from . import sessions, views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("upload/", views.upload, name="upload"),
    path("session/left/", sessions.session_left, name="session_left"),
    path("session/stay/", sessions.stay_signed_in, name="stay_signed_in"),
]
