"""The demo council's reminders: the Head of Safeguarding Monitoring, who leads quality assurance,
reads the reminder log. Run after the demo council's people (people.demo)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

QA_LEAD = "nadia.hussain"


def seed_reminders(today: date, *, log=print) -> None:
    lead = get_user_model().objects.filter(username=QA_LEAD).first()
    if lead is not None:
        lead.user_permissions.add(Permission.objects.get(codename="view_notice", content_type__app_label="reminders"))
