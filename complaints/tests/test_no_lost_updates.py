"""Two people change one complaint from pages opened at the same time: the second save is refused
with what changed, their typed values kept, and the first person's change stays."""

from datetime import timedelta

import pytest

from core.tests.page_forms import form_data, opened

from .factories import make_complaint, today

pytestmark = pytest.mark.django_db


def test_the_complaints_manager_cannot_overwrite_the_handlers_change_unseen(client, cast, complaints_manager):
    complaint = make_complaint(handler=cast.team_leader, received_on=today() - timedelta(days=3),
                               summary="The plan was not shared.")
    url = f"{complaint.get_absolute_url()}edit/"
    handler, manager = client, client.__class__()
    handler.force_login(cast.team_leader.user)
    manager.force_login(complaints_manager.user)
    handlers_tab, managers_tab = opened(handler, url), opened(manager, url)

    handlers_tab["lessons_learnt"] = ["Share plans with carers"]
    assert handler.post(url, handlers_tab).status_code == 302

    managers_tab["summary"] = ["The plan was not shared with the foster carer."]
    response = manager.post(url, managers_tab)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved changes here since you opened this page, so nothing was saved" in text
    assert "Lessons learnt (optional)</a>: now “Share plans with carers”" in text
    complaint.refresh_from_db()
    assert (complaint.summary, complaint.lessons_learnt) == ("The plan was not shared.", "Share plans with carers")

    # The form shown again keeps the manager's words and takes the handler's, so saving it loses neither.
    again = form_data(response)
    assert again["summary"] == ["The plan was not shared with the foster carer."]
    assert again["lessons_learnt"] == ["Share plans with carers"]
    assert manager.post(url, again).status_code == 302
    complaint.refresh_from_db()
    assert (complaint.summary, complaint.lessons_learnt) == (
        "The plan was not shared with the foster carer.", "Share plans with carers")


def test_a_field_both_changed_keeps_the_second_persons_words_and_says_so(client, cast, complaints_manager):
    complaint = make_complaint(handler=cast.team_leader, summary="First words.")
    url = f"{complaint.get_absolute_url()}edit/"
    handler, manager = client, client.__class__()
    handler.force_login(cast.team_leader.user)
    manager.force_login(complaints_manager.user)
    handlers_tab, managers_tab = opened(handler, url), opened(manager, url)
    handlers_tab["summary"] = ["The handler's words."]
    assert handler.post(url, handlers_tab).status_code == 302
    managers_tab["summary"] = ["The manager's words."]
    response = manager.post(url, managers_tab)
    text = response.content.decode()
    assert "now “The handler&#x27;s words.”" in text and "You changed it too: the form keeps what you typed." in text
    assert form_data(response)["summary"] == ["The manager's words."]
    complaint.refresh_from_db()
    assert complaint.summary == "The handler's words."


def test_a_version_tampered_with_is_refused(client, cast):
    complaint = make_complaint(handler=cast.team_leader, summary="Kept.")
    url = f"{complaint.get_absolute_url()}edit/"
    client.force_login(cast.team_leader.user)
    tab = opened(client, url)
    tab["record_version"] = [tab["record_version"][0][:-3] + "abc"]
    tab["summary"] = ["Changed"]
    response = client.post(url, tab)
    assert response.status_code == 200 and "nothing was saved" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.summary == "Kept."
