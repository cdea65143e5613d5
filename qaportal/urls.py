from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from audits import sample_views
from cases import urls as case_urls

from . import health, views

admin.site.site_header = "QA Portal administration"
admin.site.site_title = "QA Portal"

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("health/", health.health, name="health"),
    path("admin/", admin.site.urls),
    path("more/", views.more, name="more"),
    path("audits/", include("audits.urls")),
    path("learning/", include("learning.urls")),
    # The month's sample of cases to audit is an audit tool (cases cannot import audits), kept at
    # its address among the case list's pages.
    path("cases/", include(([*case_urls.urlpatterns, path("sample/", sample_views.sample, name="sample")], "cases"))),
    path("observations/", include("observations.urls")),
    path("supervision/", include("supervision.urls")),
    path("participation/", include("participation.urls")),
    path("complaints/", include("complaints.urls")),
    path("standards/", include("standards.urls")),
    path("reminders/", include("reminders.urls")),
    path("people/", include("people.urls")),
    path("reports/", include("reports.urls")),
    # A file being loaded, and what it loaded (core.imports).
    path("imports/", include("core.urls")),
    path("", include("schedule.urls")),
]
