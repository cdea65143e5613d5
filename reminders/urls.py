from django.urls import path

from . import views

app_name = "reminders"

urlpatterns = [
    path("", views.sent_log, name="log"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/reset/", views.reset_calendar, name="reset_calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]
