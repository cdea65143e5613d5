from django.urls import path

from . import sessions, two_factor, views

app_name = "people"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("upload/", views.upload, name="upload"),
    path("session/left/", sessions.session_left, name="session_left"),
    path("session/stay/", sessions.stay_signed_in, name="stay_signed_in"),
    path("two-factor/set-up/", two_factor.set_up, name="two_factor_set_up"),
    path("two-factor/code/", two_factor.enter_code, name="two_factor_code"),
]
