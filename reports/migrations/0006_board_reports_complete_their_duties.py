"""The shipped table's report rows are now done by finalising a board report of their kind: R01
(elected members receive the quarterly QA and performance report), R07 (the Chief Executive
receives the annual complaints report), R48 (the Regulation 44 report), R50 (the monthly audit
activity report), R70 and R73 (the IRO service's annual report). A new portal gets that from
schedule/data/responsibilities.csv; this gives it to a portal whose table was loaded before, for
those rows only while they are still the shipped ones (same task, no record named): a council's
own table is left as it is."""

from django.db import migrations
from django.utils import timezone

SHIPPED = {
    "R01": ("Monitor performance via Cabinet, Corporate Parenting Board and the Safeguarding Children Board (PSCB)",
            "report:quarterly_qa"),
    "R07": ("Receive annual report on complaints received and outcomes over the last calendar year",
            "report:annual_complaints"),
    "R48": ("Produce report outlining key issues and findings arising from Regulation 44 visits",
            "report:regulation_44"),
    "R50": ("Manage the internal audit programme and provide a report on audit activity to the Senior Management Team",
            "report:monthly_audit"),
    "R70": ("Report on the Independent Reviewing Officer service, including key areas of improvement and learning",
            "report:iro_annual"),
    "R73": ("Report on the Independent Reviewing Officer service, including key areas of improvement and learning",
            "report:iro_annual"),
}


def _set(apps, forward: bool) -> None:
    Responsibility = apps.get_model("schedule", "Responsibility")
    History = apps.get_model("schedule", "HistoricalResponsibility")
    fields = [field.attname for field in Responsibility._meta.concrete_fields]
    for responsibility in Responsibility.objects.filter(ref__in=list(SHIPPED)):
        task, record = SHIPPED[responsibility.ref]
        before, after = ("", record) if forward else (record, "")
        if responsibility.task != task or responsibility.record != before:
            continue
        responsibility.record = after
        responsibility.save(update_fields=["record"])
        # The migration's models keep no history of their own: the row says what changed, as a save would.
        History.objects.create(
            **{name: getattr(responsibility, name) for name in fields}, history_date=timezone.now(),
            history_type="~",
            history_change_reason="done by finalising a board report" if forward else "marked done by hand again",
        )


def name_the_record(apps, schema_editor):
    _set(apps, True)


def unname_the_record(apps, schema_editor):
    _set(apps, False)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0005_board_report_scope"),
        ("schedule", "0006_indexes_for_the_lists"),
    ]

    operations = [migrations.RunPython(name_the_record, unname_the_record)]
