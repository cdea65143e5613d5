from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from audits import sample_views
from cases import urls as case_urls
from people import oidc

from . import health, views

admin.site.site_header = "QA Portal administration"
admin.site.site_title = "QA Portal"

urlpatterns = [
    path(
        "sign-in/",
        # council_sign_in is called as the page is drawn: the button shows when single sign-on is on.
        auth_views.LoginView.as_view(redirect_authenticated_user=True, extra_context={"council_sign_in": oidc.enabled}),
        name="login",
    ),
    # Single sign-on (people/oidc.py): the link to the council's identity provider, and its way back.
    path("sign-in/council/", oidc.CouncilSignIn.as_view(), name="council_sign_in"),
    path("sign-in/council/callback/", oidc.CouncilSignInCallback.as_view(), name="council_sign_in_callback"),
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
