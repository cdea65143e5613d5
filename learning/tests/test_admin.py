"""The admin pages of learning: themes, plans and actions, each with its history."""

import pytest
from django.contrib.auth import get_user_model

from learning.models import ActionPlan, LearningTheme

from .factories import ActionFactory, ThemePlanFactory, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.gov.uk", "x"))
    return client


def test_themes_are_added_and_keep_their_history(admin_client):
    assert admin_client.get("/admin/learning/learningtheme/").status_code == 200
    response = admin_client.post("/admin/learning/learningtheme/add/",
                                 {"name": "Life story work", "slug": "life-story-work", "active": "on"})
    assert response.status_code == 302
    added = LearningTheme.objects.get(name="Life story work")
    assert added.history.first().history_user.username == "root"
    assert admin_client.get(f"/admin/learning/learningtheme/{theme('Recording').pk}/history/").status_code == 200


def test_plans_and_actions_are_listed_shown_and_keep_their_history(admin_client, cast):
    plan = ThemePlanFactory()
    action = ActionFactory(plan=plan, owner=cast.practitioner, raised_by=cast.team_leader, late=True)
    for url in ["/admin/learning/actionplan/", f"/admin/learning/actionplan/{plan.pk}/change/",
                f"/admin/learning/actionplan/{plan.pk}/history/", "/admin/learning/action/?status__exact=open",
                f"/admin/learning/action/{action.pk}/change/", f"/admin/learning/action/{action.pk}/history/"]:
        assert admin_client.get(url).status_code == 200, url
    assert "Update the chronology" in admin_client.get("/admin/learning/action/").content.decode()


def test_a_plan_made_in_the_admin_needs_a_theme_or_a_record(admin_client):
    response = admin_client.post("/admin/learning/actionplan/add/", {
        "title": "Of nothing", "actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0"})
    assert response.status_code == 200 and not ActionPlan.objects.exists()
    response = admin_client.post("/admin/learning/actionplan/add/", {
        "title": "Chronologies this year", "theme": theme("Chronologies").pk,
        "actions-TOTAL_FORMS": "0", "actions-INITIAL_FORMS": "0"})
    assert response.status_code == 302 and ActionPlan.objects.get().theme == theme("Chronologies")
