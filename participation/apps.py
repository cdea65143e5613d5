from django.apps import AppConfig

# The kinds of meeting and event the responsibilities table names, each a record kind
# "participation:<kind>" that completes its duties.
MEETING_KINDS = {
    "children_in_care_council": "a Children in Care Council meeting",
    "foster_carers_liaison_group": "a Foster Carers Liaison Group meeting",
    "participation_event": "a participation event",
    "all_staff_forum": "an all-staff forum",
    "round_table": "a round table with front-line staff",
    "team_meeting": "a team meeting",
    "managers_meeting": "an all-managers meeting",
    "focus_group": "a focus group",
}


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = "Participation"

    def ready(self):
        from core import imports
        from schedule import deadlines, waiting
        from schedule.records import register

        from .deadlines import responses_due
        from .surveys import RUN_KIND, check_upload, describe_upload, load_upload
        from .waiting import responses_owed

        # My duties links to the page that records one, with ?kind=participation:<kind>.
        for kind, label in MEETING_KINDS.items():
            register(f"participation:{kind}", label, "participation:new_meeting")
        register("participation:survey", "the results of a survey", "participation:upload_survey")
        # Open "you said, we did" responses are listed in their owner's My duties.
        deadlines.register("participation", responses_due)
        # ... and are what the people who spoke are waiting for ("Waiting for you").
        waiting.register("participation", responses_owed)
        # A survey's upload page loads its file as an import run, in a Celery task.
        imports.register(
            imports.Importer(
                kind=RUN_KIND,
                what="a survey's results",
                check=check_upload,
                load=load_upload,
                upload_url="participation:upload_survey",
                describe=describe_upload,
            )
        )
