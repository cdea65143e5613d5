"""The demo council's library: a dozen policies, practice standards, procedures and one-minute
guides owned by its managers, two due for review within the month and one overdue, one with an
uploaded file, one reviewed already. (The demo's audits, audits.demo, name them in the case file
audit tool's questions.)

Deterministic and relative to `today`. Run after the demo council's staff exist (people.demo);
run before the demo audits, whose tool names these standards.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile

from people.demo import moment, written_at
from people.models import StaffMember

from .actions import add_standard
from .models import Kind, Review, Standard

INTRANET = "https://intranet.example.gov.uk/childrens-services/policies"

# fmt: off
DOCUMENTS = [
    # title, code, kind, owner's username, version, next review (days from today), what it covers
    ("Chronologies practice standard", "chronologies", Kind.PRACTICE_STANDARD, "priya.raman", "2.0", 18,
     "What a good chronology records, how often it is updated and how managers check it."),
    ("Voice of the child practice standard", "voice-of-the-child", Kind.PRACTICE_STANDARD, "priya.raman", "1.3", 26,
     "Seeing children alone, recording their words and showing how they changed the plan."),
    ("Case recording one-minute guide", "case-recording", Kind.ONE_MINUTE_GUIDE, "nadia.hussain", "4", -12,
     "Recording within timescales, writing to the child, and case summaries every three months."),
    ("Supervision policy", "supervision", Kind.POLICY, "marcus.adeyemi", "3.0", -40,
     "Frequency, recording and content of case and reflective supervision; fortnightly for ASYE workers."),
    ("Child protection procedures", "child-protection", Kind.PROCEDURE, "fiona.macleod", "2024.2", 150,
     "Strategy discussions, section 47 enquiries, conferences and core groups, with the partnership's timescales."),
    ("Management oversight practice standard", "management-oversight", Kind.PRACTICE_STANDARD, "daniel.mensah",
     "1.1", 190, "Recording management decisions and their reasons at each key point of a case."),
    ("Quality assurance and improvement strategy", "qa-strategy", Kind.POLICY, "nadia.hussain", "2026", 300,
     "How the service assures and improves the quality of its practice: the six strands and who does what."),
    ("Assessment practice standard", "assessment", Kind.PRACTICE_STANDARD, "priya.raman", "2.2", 120,
     "Timely assessments that analyse needs and risks and draw on the child's history."),
    ("Care planning for children in care procedure", "care-planning", Kind.PROCEDURE, "gareth.llewellyn", "3.0",
     210, "Care plans, placement plans and their review by the Independent Reviewing Officer."),
    ("Step-down to early help one-minute guide", "step-down", Kind.ONE_MINUTE_GUIDE, "claire.donnelly", "1.0", 270,
     "When and how a case steps down to early help, and what the step-down plan must say."),
    ("Complaints procedure (Children Act 1989 representations)", "complaints", Kind.PROCEDURE, "linda.okafor",
     "5.0", 330, "Stages 1 to 3 of the statutory procedure, their timescales and how lessons are learnt."),
]
# fmt: on
KEEPERS = ("nadia.hussain", "ngozi.eze")  # the quality assurance leads add and change any document


def seed_standards(today: date, *, log=print) -> int:
    """Fill an empty library; returns how many documents it added (none if it had any)."""
    if Standard.objects.exists():
        log("Standards: the library already has documents, so the demo's were not added")
        return 0
    staff = {member.user.username: member for member in StaffMember.objects.select_related("user")
             .filter(user__isnull=False, agency__isnull=True)}
    fallback = staff.get("nadia.hussain") or next(iter(staff.values()), None)
    if fallback is None:
        log("Standards: no staff yet, so no documents")
        return 0
    admin = get_user_model().objects.filter(is_superuser=True).first()
    when = moment(today, 9)

    made = {}
    for title, code, kind, owner, version, days, summary in DOCUMENTS:
        due = today + timedelta(days=days)
        standard = Standard(
            title=title, code=code, kind=kind, owner=staff.get(owner, fallback), version=version, summary=summary,
            link=f"{INTRANET}/{code}", next_review_on=due, last_reviewed_on=due - timedelta(days=365),
        )
        if code == "case-recording":
            standard.link = ""
            standard.document.save(f"{code}.pdf", ContentFile(_pdf(title)), save=False)
        made[code] = add_standard(standard, acting_user=admin, at=when)

    # One review already recorded (of a document that had fallen due), so the demo shows a review
    # and the history it leaves.
    supervision = made["supervision"]
    with written_at(when, Standard, Review):  # record_review takes no moment of its own
        supervision.record_review(
            acting_user=supervision.owner.user, reviewed_on=today - timedelta(days=45),
            note="Updated for the new ASYE framework: fortnightly supervision for the first six months.",
            version="3.1", next_review_on=today + timedelta(days=240),
        )

    permissions = Permission.objects.filter(content_type__app_label="standards",
                                            codename__in=["add_standard", "change_standard"])
    for username in KEEPERS:
        if username in staff:
            staff[username].user.user_permissions.add(*permissions)

    log(f"Standards: {len(made)} documents in the library")
    return len(made)


def _pdf(title: str) -> bytes:
    """A one-page PDF saying what the guide is, so the demo has a real file to download."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n".encode()
    return bytes(out)
