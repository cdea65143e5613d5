from django.urls import path

from . import glance, review_views, theme_views, tool_views, views

app_name = "audits"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("new/", views.new_audit, name="new"),
    path("month/", glance.month_at_a_glance, name="month"),
    path("moderation/", review_views.moderation, name="moderation"),
    path("scrutiny/", review_views.scrutiny, name="scrutiny"),
    path("<int:pk>/", views.audit_detail, name="detail"),
    path("<int:pk>/details/", views.edit_details, name="details"),
    path("<int:pk>/delete/", views.delete_draft, name="delete"),
    path("<int:pk>/edit/", views.edit_audit, name="edit"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/moderate/", review_views.moderate, name="moderate"),
    path("<int:pk>/scrutinise/", review_views.scrutinise, name="scrutinise"),
    path("<int:pk>/invite/", theme_views.invite, name="invite"),
    path("<int:pk>/agencies/<int:contribution_pk>/", theme_views.contribution, name="contribution"),
    path("themes/", theme_views.theme_list, name="themes"),
    path("themes/new/", theme_views.theme_edit, name="theme_new"),
    path("themes/<int:pk>/", theme_views.theme_detail, name="theme"),
    path("themes/<int:pk>/edit/", theme_views.theme_edit, name="theme_edit"),
    path("tools/", tool_views.tool_list, name="tools"),
    path("tools/new/<slug:audit_type>/", tool_views.tool_new, name="tool_new"),
    path("tools/<slug:key>/edit/", tool_views.tool_edit, name="tool_edit"),
]
