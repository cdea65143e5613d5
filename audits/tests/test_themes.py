"""Themes of themed and multi-agency audits: set by those allowed to, each with its own versioned
questions; audits started on a theme use its current questions and keep them; the theme's page
collates what its audits found."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.models import AgencyContribution, Audit, AuditStatus, AuditTheme, AuditTool, AuditType
from audits.tools import as_text, save_version
from core.periods import local_date
from people.tests.factories import StaffMemberFactory, UserFactory

from .factories import THEME_QUESTIONS, AuditFactory, allowed_to_set_themes, partner, theme_with_questions

pytestmark = pytest.mark.django_db

CHANGED_QUESTIONS = THEME_QUESTIONS + "yes_no: The child was seen at home\n"


@pytest.fixture
def setter(cast):
    """Someone allowed to set themes (the audit programme's manager)."""
    return allowed_to_set_themes(StaffMemberFactory(user=UserFactory(username="programme"), name="Pat Programme"))


def as_(client, staff):
    client.force_login(staff.user)
    return client


def theme_data(**fields) -> dict:
    return {"audit_type": "themed", "title": "Neglect", "description": "Neglect is rising in referrals",
            "set_by": "Senior Management Team", "active": "on", "questions": THEME_QUESTIONS, **fields}


def themed_audit(theme, **fields) -> Audit:
    return AuditFactory(audit_type=theme.audit_type, theme=theme,
                        tool=AuditTool.objects.current(theme.audit_type, theme=theme), **fields)


def today():
    return local_date(timezone.now())


def details(cast, **fields) -> dict:
    day = today()
    return {"case_reference": "CR-10042", "case_holder": cast.practitioner.pk, "team": "",
            "audited_on_0": day.day, "audited_on_1": day.month, "audited_on_2": day.year, **fields}


# Setting a theme


def test_the_new_theme_form_starts_from_the_shipped_themed_tool(client, setter):
    response = as_(client, setter).get("/audits/themes/new/")
    assert response.status_code == 200
    assert response.context["form"]["questions"].value() == as_text(AuditTool.objects.current("themed"))
    shipped_multi_agency = as_text(AuditTool.objects.current("multi_agency"))
    assert client.get("/audits/themes/new/?type=multi_agency").context["form"]["questions"].value() == \
        shipped_multi_agency


def test_the_type_of_a_new_theme_offers_its_two_types_and_no_blank_choice(client, setter):
    page = as_(client, setter).get("/audits/themes/new/").content.decode()
    assert page.count('name="audit_type"') == 2 and "---------" not in page


def test_setting_a_theme_makes_version_1_of_its_own_questions(client, setter):
    shipped = AuditTool.objects.current("themed")
    response = as_(client, setter).post("/audits/themes/new/", theme_data(), follow=True)
    theme = AuditTheme.objects.get()
    assert response.redirect_chain == [(f"/audits/themes/{theme.pk}/", 302)]
    assert "Saved Neglect, with questions version 1" in [str(m) for m in response.context["messages"]]
    assert (theme.audit_type, theme.title, theme.set_by, theme.active) == (
        "themed", "Neglect", "Senior Management Team", True)
    tool = AuditTool.objects.get(theme=theme)
    assert (tool.version, tool.title, tool.created_by) == (1, "Neglect themed audit", setter.user)
    assert as_text(tool) == THEME_QUESTIONS
    assert AuditTool.objects.current("themed") == shipped  # the shipped tool is not the theme's
    assert theme.history.get().history_user == setter.user
    assert "Neglect was recognised early" in response.content.decode()


def test_changing_the_questions_makes_version_2_and_audits_made_keep_version_1(client, cast, setter):
    theme = theme_with_questions()
    first = AuditTool.objects.current("themed", theme=theme)
    made = themed_audit(theme, auditor=cast.team_leader, case_holder=cast.practitioner)
    response = as_(client, setter).post(f"/audits/themes/{theme.pk}/edit/",
                                        theme_data(questions=CHANGED_QUESTIONS), follow=True)
    assert "Saved Neglect, with questions version 2" in [str(m) for m in response.context["messages"]]
    second = AuditTool.objects.current("themed", theme=theme)
    assert (second.version, second.theme) == (2, theme) and second != first
    assert as_text(second) == CHANGED_QUESTIONS and as_text(first) == THEME_QUESTIONS
    made.refresh_from_db()
    assert made.tool == first
    page = as_(client, cast.team_leader).get(f"/audits/{made.pk}/").content.decode()
    assert "Neglect themed audit, version 1" in page and "The child was seen at home" not in page


@pytest.mark.parametrize("line_end", ["\n", "\r\n"], ids=["as typed", "as a browser sends a textarea"])
def test_saving_a_theme_with_its_questions_unchanged_makes_no_new_version(client, setter, line_end):
    theme = theme_with_questions()
    client = as_(client, setter)
    shown = client.get(f"/audits/themes/{theme.pk}/edit/").context["form"]["questions"].value()
    data = theme_data(title="Neglect of older children", questions=shown.replace("\n", line_end))
    del data["audit_type"]  # not asked again once set
    response = client.post(f"/audits/themes/{theme.pk}/edit/", data, follow=True)
    theme.refresh_from_db()
    assert theme.title == "Neglect of older children"
    assert list(AuditTool.objects.filter(theme=theme).values_list("version", flat=True)) == [1]
    assert [str(m) for m in response.context["messages"]] == ["Saved Neglect of older children"]


def test_setting_a_theme_for_a_type_starts_with_that_type_chosen(client, setter):
    # The page a multi-agency audit shows when it has no theme links here with ?type=multi_agency.
    form = as_(client, setter).get("/audits/themes/new/?type=multi_agency").context["form"]
    assert form["audit_type"].value() == "multi_agency"
    assert form["questions"].value() == as_text(AuditTool.objects.current("multi_agency"))


def test_a_theme_title_is_used_once_for_a_type(client, setter):
    theme_with_questions(title="Neglect")
    response = as_(client, setter).post("/audits/themes/new/", theme_data(title="Neglect"))
    assert response.status_code == 200 and response.context["form"].errors
    assert AuditTheme.objects.count() == 1
    multi_agency = as_(client, setter).post("/audits/themes/new/", theme_data(audit_type="multi_agency"))
    assert multi_agency.status_code == 302 and AuditTheme.objects.count() == 2  # another type may use it


def test_renaming_a_theme_to_another_themes_title_is_an_error_not_a_failure(client, setter):
    theme_with_questions(title="Neglect")
    exploitation = theme_with_questions(title="Exploitation")
    data = theme_data(title="Neglect")
    del data["audit_type"]
    client.raise_request_exception = False
    response = as_(client, setter).post(f"/audits/themes/{exploitation.pk}/edit/", data)
    assert response.status_code == 200 and list(response.context["form"].errors) == ["title"]
    exploitation.refresh_from_db()
    assert exploitation.title == "Exploitation"


@pytest.mark.parametrize("who", ["head", "team_leader", "practitioner"])
def test_without_the_permission_themes_are_not_set(client, cast, who):
    theme = theme_with_questions()
    client = as_(client, getattr(cast, who))
    assert client.get("/audits/themes/new/").status_code == 403
    assert client.post("/audits/themes/new/", theme_data(title="Mine")).status_code == 403
    assert client.get(f"/audits/themes/{theme.pk}/edit/").status_code == 403
    assert client.post(f"/audits/themes/{theme.pk}/edit/", theme_data(questions=CHANGED_QUESTIONS)).status_code == 403
    assert list(AuditTheme.objects.values_list("title", flat=True)) == ["Neglect"]
    assert AuditTool.objects.filter(theme=theme).count() == 1
    listing = client.get("/audits/themes/")
    assert not listing.context["can_set"] and 'href="/audits/themes/new/"' not in listing.content.decode()
    assert f'href="/audits/themes/{theme.pk}/edit/"' not in client.get(f"/audits/themes/{theme.pk}/").content.decode()


def test_the_permission_offers_setting_and_changing(client, setter):
    theme = theme_with_questions()
    client = as_(client, setter)
    assert 'href="/audits/themes/new/"' in client.get("/audits/themes/").content.decode()
    assert f'href="/audits/themes/{theme.pk}/edit/"' in client.get(f"/audits/themes/{theme.pk}/").content.decode()


@pytest.mark.parametrize("text, errors", [
    ("title: Neglect\n## Early help\ngrade: Was neglect seen early?\nscore: Was neglect seen?\n",
     ["line 4: 'score' is not a kind of answer (grade, yes_no, text, date, number, choice)"]),
    ("## Early help\ngrade: Was neglect seen?\n", ["line 1: the tool needs a 'title: ...' line"]),
    ("title: Neglect\ngrade: Was neglect seen?\n",
     ["line 2: a question must come after a '## domain' line",
      "the tool needs at least one '## domain' with questions"]),
    ("title: Neglect\n## Early help\n## Impact\ngrade: Better?\n", ["domain 'Early help' has no questions"]),
])
def test_bad_questions_show_their_line_errors_and_keep_what_was_typed(client, setter, text, errors):
    response = as_(client, setter).post("/audits/themes/new/", theme_data(questions=text))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {"questions": errors}
    for error in errors:
        assert html.escape(error) in page
    assert html.escape(text.strip()) in page  # the textarea has what was typed
    assert 'value="Neglect"' in page and "Neglect is rising in referrals" in page
    assert 'href="#id_questions"' in page and "<title>Error: " in page
    assert not AuditTheme.objects.exists() and not AuditTool.objects.filter(theme__isnull=False).exists()


@pytest.mark.parametrize("fields, field", [({"title": ""}, "title"), ({"set_by": ""}, "set_by"),
                                           ({"questions": ""}, "questions"), ({"audit_type": "case_file"},
                                                                               "audit_type")])
def test_a_theme_needs_its_title_who_set_it_its_questions_and_a_themed_type(client, setter, fields, field):
    response = as_(client, setter).post("/audits/themes/new/", theme_data(**fields))
    assert response.status_code == 200 and list(response.context["form"].errors) == [field]
    assert not AuditTheme.objects.exists()


# Starting an audit on a theme


@pytest.mark.parametrize("audit_type", ["themed", "multi_agency"])
def test_without_an_open_theme_a_themed_audit_cannot_start(client, cast, setter, audit_type):
    theme_with_questions(audit_type=audit_type, title="Closed theme", active=False)
    response = as_(client, cast.team_leader).get(f"/audits/new/?type={audit_type}")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "audits/no_theme.html"
    assert "There is no theme for a" in response.content.decode()
    assert "Ask the Head of Safeguarding Monitoring" in response.content.decode()
    assert client.post(f"/audits/new/?type={audit_type}", details(cast)).status_code == 200
    assert not Audit.objects.exists()
    offered = as_(client, setter).get(f"/audits/new/?type={audit_type}").content.decode()
    assert f'href="/audits/themes/new/?type={audit_type}"' in offered


def test_a_themed_audit_uses_the_themes_current_questions(client, cast):
    theme = theme_with_questions()
    save_version("themed", CHANGED_QUESTIONS, theme=theme)
    theme_with_questions(title="Closed theme", active=False)
    client = as_(client, cast.team_leader)
    form = client.get("/audits/new/?type=themed").context["form"]
    assert list(form.fields["theme"].queryset) == [theme]  # open themes only
    response = client.post("/audits/new/?type=themed", details(cast, theme=theme.pk))
    audit = Audit.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/audits/{audit.pk}/edit/"
    assert (audit.audit_type, audit.theme, audit.tool) == (
        "themed", theme, AuditTool.objects.get(theme=theme, version=2))
    page = client.get(f"/audits/{audit.pk}/edit/").content.decode()
    assert "Neglect was recognised early" in page and "The child was seen at home" in page
    assert "The theme" not in page  # not the shipped themed tool's questions


def test_a_themed_audit_needs_its_theme(client, cast):
    theme_with_questions()
    response = as_(client, cast.team_leader).post("/audits/new/?type=themed", details(cast))
    assert response.status_code == 200
    assert response.context["form"].errors == {"theme": ["Select the theme of the audit"]}
    assert not Audit.objects.exists()


def test_the_list_filters_by_theme(client, cast):
    neglect, exploitation = theme_with_questions(), theme_with_questions(title="Exploitation")
    for theme, reference in [(neglect, "CR-N1"), (neglect, "CR-N2"), (exploitation, "CR-E1")]:
        themed_audit(theme, auditor=cast.team_leader, case_reference=reference)
    AuditFactory(auditor=cast.team_leader, case_reference="CR-PLAIN")
    client = as_(client, cast.team_leader)
    for query, expected in [(f"?theme={neglect.pk}", {"CR-N1", "CR-N2"}), (f"?theme={exploitation.pk}", {"CR-E1"}),
                            ("?theme=", {"CR-N1", "CR-N2", "CR-E1", "CR-PLAIN"})]:
        listed = client.get(f"/audits/{query}").context["page"].object_list
        assert {audit.case_reference for audit in listed} == expected, query
    assert "Neglect" in client.get(f"/audits/?theme={neglect.pk}").content.decode()
    bad = client.get("/audits/?theme=999999")
    assert bad.context["form"].errors["theme"] and list(bad.context["page"].object_list) == []


# The theme's page


def test_the_theme_page_collates_grades_and_the_agencies_learning(client, cast):
    theme = theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Exploitation", set_by="The MESC")
    police, health = partner("police_officer", "Police"), partner("school_nurse", "Health", "health")
    audits = []
    for reference, grade, improvements in [("CR-1", "good", "Share sooner"), ("CR-2", "good", ""),
                                           ("CR-3", "inadequate", "Hold a strategy meeting")]:
        audit = themed_audit(theme, auditor=cast.team_leader, case_holder=cast.practitioner, case_reference=reference,
                             overall_grade=grade, improvements=improvements, status=AuditStatus.SUBMITTED)
        audits.append(audit)
    themed_audit(theme, auditor=cast.team_leader, case_reference="CR-DRAFT", overall_grade="outstanding")
    themed_audit(theme, auditor=cast.outsider, case_reference="CR-UNSEEN", overall_grade="outstanding",
                 status=AuditStatus.SUBMITTED)
    now = timezone.now()
    AgencyContribution.objects.create(audit=audits[0], agency=police.agency, contributor=police, grade="good",
                                      learning="Flag missing episodes at once", submitted_at=now)
    AgencyContribution.objects.create(audit=audits[2], agency=health.agency, contributor=health,
                                      grade="requires_improvement", learning="Invite the school nurse",
                                      submitted_at=now)
    AgencyContribution.objects.create(audit=audits[1], agency=health.agency, contributor=health, grade="outstanding",
                                      learning="A draft, not yet given")

    response = as_(client, cast.team_leader).get(f"/audits/themes/{theme.pk}/")
    assert response.status_code == 200
    assert response.context["audit_count"] == 3
    assert response.context["grades"] == [("Outstanding", 0), ("Good", 2), ("Requires improvement", 0),
                                          ("Inadequate", 1)]
    assert [(c.agency.name, c.audit.case_reference) for c in response.context["contributions"]] == [
        ("Health", "CR-3"), ("Police", "CR-1")]
    text = response.content.decode()
    for expected in ["Flag missing episodes at once", "Invite the school nurse", "Share sooner",
                     "Hold a strategy meeting", "Neglect themed audit, version 1",
                     "set by The MESC", "3 submitted audits you can see"]:
        assert expected in text, expected
    assert "A draft, not yet given" not in text and "CR-DRAFT" not in text and "CR-UNSEEN" not in text


def test_the_themes_page_counts_the_audits_each_may_see(client, cast):
    neglect = theme_with_questions()
    closed = theme_with_questions(title="Closed theme", active=False)
    themed_audit(neglect, auditor=cast.team_leader)
    themed_audit(neglect, auditor=cast.outsider)
    response = as_(client, cast.team_leader).get("/audits/themes/")
    counts = [(theme.title, theme.audit_count) for theme in response.context["themes"]]
    assert counts == [("Neglect", 1), ("Closed theme", 0)]  # open ones first, as the table says
    text = response.content.decode()
    assert f'href="/audits/themes/{closed.pk}/"' in text and "Closed" in text


def test_the_theme_page_asks_the_same_queries_with_3_and_30_audits(client, cast):
    theme = theme_with_questions(audit_type=AuditType.MULTI_AGENCY, title="Exploitation")
    agencies = [partner(f"partner_{n}", f"Agency {n}") for n in range(3)]
    client = as_(client, cast.head)

    def add(count, start):
        for number in range(start, start + count):
            audit = themed_audit(theme, auditor=cast.team_leader, status=AuditStatus.SUBMITTED,
                                 overall_grade=["good", "inadequate"][number % 2], improvements=f"Do {number}")
            who = agencies[number % 3]
            AgencyContribution.objects.create(audit=audit, agency=who.agency, contributor=who, grade="good",
                                              learning=f"Learnt {number}", submitted_at=timezone.now())

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/audits/themes/{theme.pk}/").status_code == 200
        return len(captured)

    add(3, 0)
    three = count()
    add(27, 3)
    assert count() == three
