"""The demo council's case list: three to six open cases for each case-holder, loaded the way a
council would load them, through two uploads of the case list a month apart, so that the cases
that closed or transferred in the last month raise their audits on closure or transfer (R60).

Invented and deterministic (one seeded random.Random), relative to `today`, each upload dated the
day it happened. Needs the demo council's staff (people.demo.seed_people) first.
"""

import csv
import io
import random
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from people.demo import moment, written_at
from people.models import RoleAssignment, StaffMember
from schedule.models import Duty

from .importing import CaseImport, import_cases
from .models import Case

SEED = "demo cases"
# The role that manages the audit programme (R50) and so uploads the case list.
UPLOADER_ROLE = "Head of Safeguarding Monitoring"
A_MONTH_AGO = 35  # days: the previous upload
ENDED_LAST_MONTH = 8  # cases that closed or transferred since then


def seed_cases(today, *, log=print) -> CaseImport:
    """Load the demo case list (twice: a month ago and today) and let the Head of Safeguarding
    Monitoring upload it. Returns what today's upload did; nothing when the portal has cases."""
    if Case.objects.exists():
        log("Case list: the portal has cases already; the demo's are not added")
        return CaseImport()
    rng = random.Random(SEED)
    earlier = today - timedelta(days=A_MONTH_AGO)
    holders = list(
        StaffMember.objects.employed_on(earlier).employed_on(today)
        .filter(is_case_holder=True, team__isnull=False)
        .order_by("staff_number")
    )
    references: set[str] = set()

    def reference() -> str:
        while (found := f"CR-{rng.randint(100000, 999999)}") in references:
            pass
        references.add(found)
        return found

    rows = []  # [case_reference, case_holder, opened_on, closed_on, transferred_on]
    for holder in holders:
        for _ in range(rng.randint(3, 6)):
            rows.append([reference(), holder.staff_number, earlier - timedelta(days=rng.randint(14, 900)), None, None])
    for row in rng.sample(rows, min(ENDED_LAST_MONTH, len(rows))):
        row[3 if rng.random() < 0.7 else 4] = today - timedelta(days=rng.randint(1, A_MONTH_AGO - 5))
    before = [[*row[:3], None, None] for row in rows]
    for holder in holders:  # new work since the last upload
        if rng.random() < 0.3:
            rows.append([reference(), holder.staff_number, today - timedelta(days=rng.randint(1, A_MONTH_AGO - 1)),
                         None, None])

    # Each upload's history, and the duties it raises, carry the day it would have happened.
    then, now = moment(earlier, 9, 30), moment(today, 9)
    with written_at(then, Duty):
        log(f"Case list a month ago: {import_cases(_csv(before), today=earlier, acting_user=None, at=then)}")
    with written_at(now, Duty):
        result = import_cases(_csv(rows), today=today, acting_user=None, at=now)
    log(f"Case list today: {result}")
    _let_upload(today, log)
    return result


def _csv(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["case_reference", "case_holder", "opened_on", "closed_on", "transferred_on"])
    for row in rows:
        writer.writerow([value.isoformat() if hasattr(value, "isoformat") else (value or "") for value in row])
    return out.getvalue()


def _let_upload(today, log) -> None:
    permission = Permission.objects.get(
        content_type=ContentType.objects.get_for_model(Case), codename="add_case"
    )
    uploaders = RoleAssignment.objects.current_on(today).filter(
        role__name=UPLOADER_ROLE, staff__user__isnull=False
    ).select_related("staff__user")
    for assignment in uploaders:
        assignment.staff.user.user_permissions.add(permission)
        log(f"{assignment.staff.name} may upload the case list")
