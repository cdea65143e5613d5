"""Recording an observation and changing it afterwards: each in one transaction, with its history;
recording it completes the duties it counts for.

Each takes `at`, the moment the change was made (default: now), so that a record written later
(the demo's months of observations) carries the moment it tells of: the observation's `created_at`
and its history. The duties it completes are marked done now (schedule.records takes no moment)."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from core.history import made_at, stamp
from schedule.records import complete_duties

from .models import IRO_RECORD, PRACTICE_RECORD, PRACTITIONER_RECORD, Observation, Setting, observes_as_manager

# What an edit may change: everything the observer typed (who made it stays who made it).
EDITABLE = ("practitioner", "observed_on", "setting", "went_well", "to_develop", "feedback_given_on")


@transaction.atomic
def record_observation(
    *, acting_user, practitioner, observed_on: date, setting: str, went_well: str, to_develop: str = "",
    feedback_given_on: date | None = None, observer=None, at: datetime | None = None,
) -> tuple[Observation, list]:
    """Save an observation by `observer` (the acting user's own staff record unless given) and
    complete, on the date observed (a record made late completes the duty that was missed):

    - one duty of the observer's: a conference's or a review's own duty (R11, R26, R54; R55) when
      the setting is one, or else an observation of practice (R17, R34, R39), so that a
      conference observed when no conference is owed still counts as practice observed;
    - the coverage duty about the practitioner (R59), when the observer is a team leader or above
      (see `observes_as_manager`);
    - the coverage duty about an IRO observed chairing a looked-after child review (R69, R72).

    Returns the observation and the duties completed."""
    observer = observer or acting_user.staff_member
    if observer.id == practitioner.id:
        raise ValidationError("An observation is of someone else's practice")
    observation = Observation(
        observer=observer, practitioner=practitioner, observed_on=observed_on, setting=setting,
        went_well=went_well, to_develop=to_develop, feedback_given_on=feedback_given_on,
    )
    stamp(observation, acting_user, "recorded", at)
    observation.save()
    made_at(observation, at)

    completing = {"on": observed_on, "record": observation, "acting_user": acting_user}
    kind = Setting(setting).record_kind
    done = complete_duties(kind, owner=observer, **completing)
    if not done and kind != PRACTICE_RECORD:
        done = complete_duties(PRACTICE_RECORD, owner=observer, **completing)
    if observes_as_manager(observer, practitioner, observed_on):
        done += complete_duties(PRACTITIONER_RECORD, subject=practitioner, **completing)
    if setting == Setting.LAC_REVIEW:
        done += complete_duties(IRO_RECORD, subject=practitioner, **completing)
    return observation, done


@transaction.atomic
def change_observation(observation: Observation, *, acting_user, at: datetime | None = None, **fields) -> Observation:
    """Correct what was recorded. The duties it completed stay completed by it, and no others are."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"An observation's {', '.join(sorted(unknown))} cannot be changed")
    current = Observation.objects.select_for_update().get(pk=observation.pk)
    if "practitioner" in fields and fields["practitioner"].id == current.observer_id:
        raise ValidationError("An observation is of someone else's practice")
    changed = [name for name, value in fields.items() if getattr(current, name) != value]
    if changed:
        for name in changed:
            setattr(current, name, fields[name])
        stamp(current, acting_user, "changed", at)
        current.save()
    return current


@transaction.atomic
def record_feedback(observation: Observation, *, acting_user, on: date, at: datetime | None = None) -> Observation:
    """The observer gave the practitioner their feedback on this day."""
    current = Observation.objects.select_for_update().get(pk=observation.pk)
    if on < current.observed_on:
        raise ValidationError("Feedback is given on or after the day of the observation")
    current.feedback_given_on = on
    stamp(current, acting_user, "feedback given", at)
    current.save()
    return current
