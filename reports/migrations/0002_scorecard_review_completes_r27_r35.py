"""The shipped table's R27 and R35 (monitor performance data via scorecards, weekly) are now done
by recording the scorecard reviewed. A new portal gets that from schedule/data/responsibilities.csv;
this gives it to a portal whose table was loaded before, for those two rows only while they are
still the shipped ones (same task, no record named): a council's own table is left as it is."""

from django.db import migrations
from django.utils import timezone

RECORD = "report:scorecard_review"
SHIPPED = {
    "R27": "Monitor and scrutinise performance data via scorecards / audit and business plan",
    "R35": "Monitor and scrutinise performance data via scorecards",
}
REASON = "done by recording the scorecard reviewed"


def _set(apps, record_before: str, record_after: str, reason: str) -> None:
    Responsibility = apps.get_model("schedule", "Responsibility")
    History = apps.get_model("schedule", "HistoricalResponsibility")
    fields = [field.attname for field in Responsibility._meta.concrete_fields]
    for responsibility in Responsibility.objects.filter(ref__in=list(SHIPPED), record=record_before):
        if responsibility.task != SHIPPED[responsibility.ref]:
            continue
        responsibility.record = record_after
        responsibility.save(update_fields=["record"])
        # The migration's models keep no history of their own: the row says what changed, as a save would.
        History.objects.create(
            **{name: getattr(responsibility, name) for name in fields},
            history_date=timezone.now(), history_type="~", history_change_reason=reason,
        )


def name_the_record(apps, schema_editor):
    _set(apps, "", RECORD, REASON)


def unname_the_record(apps, schema_editor):
    _set(apps, RECORD, "", "marked done by hand again")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("schedule", "0006_indexes_for_the_lists"),
    ]

    operations = [migrations.RunPython(name_the_record, unname_the_record)]
