from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate

from core import sections
from schedule import deadlines


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning and improving"

    def ready(self):
        from . import deadlines as actions  # imports the models: only once the apps are ready

        deadlines.register("learning", actions.open_actions)
        sections.register(deadlines.MY_DUTIES, "actions", actions.MY_ACTIONS)
        sections.register(deadlines.MY_TEAM, "overdue_actions", actions.TEAM_OVERDUE_ACTIONS)
        post_migrate.connect(_load_default_themes, sender=self)


def _load_default_themes(sender, apps=global_apps, **kwargs):
    # After every migrate (and every flush of a test database), so a new portal always starts
    # with the default themes; a portal that has any themes keeps its own.
    try:
        apps.get_model("learning", "LearningTheme")  # the models as migrated (a flush sends none)
    except LookupError:  # migrated back to before there were themes
        return
    from .models import load_default_themes

    load_default_themes()
