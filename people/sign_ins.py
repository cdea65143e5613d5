"""Each member of staff's sign-in: the account the portal knows them by. An import makes one for
everyone who has none, named by their work e-mail (or their staff number when the file gives
none), with no password: an administrator sets one in the admin (Users, then "Set password"), or
the council's single sign-on signs them in. Nobody gets a password they did not choose."""

from django.contrib.auth import get_user_model


def username_for(staff_number: str, email: str) -> str:
    return (email or staff_number).strip().casefold()


def taken_by_another(usernames: dict[str, str]) -> dict[str, str]:
    """Of these wanted usernames (username to staff number), those another account already
    holds: an account with no staff record (an administrator's) or someone else's."""
    User = get_user_model()
    found = User.objects.filter(username__in=list(usernames)).values_list("username", "staff_member__staff_number")
    return {username: usernames[username] for username, holder in found if holder != usernames[username]}


def give_sign_in(person) -> bool:
    """Make the person's account if they have none (whether one was made), or keep its e-mail and
    name in step with the staff record."""
    User = get_user_model()
    first, _, last = person.name.partition(" ")
    if person.user_id is None:
        user = User(username=username_for(person.staff_number, person.email), email=person.email,
                    first_name=first[:150], last_name=last[:150])
        user.set_unusable_password()
        user.save()
        person.user = user
        return True
    user = person.user
    if (user.email, user.first_name, user.last_name) != (person.email, first[:150], last[:150]):
        user.email, user.first_name, user.last_name = person.email, first[:150], last[:150]
        user.save(update_fields=["email", "first_name", "last_name"])
    return False
