"""Signing in: a member of staff who has left cannot sign in, and their open sessions end."""

from django.contrib.auth.backends import ModelBackend
from django.utils import timezone

from core.periods import local_date


class StaffBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        # Django asks this both when signing in and for every request of a session.
        if not super().user_can_authenticate(user):
            return False
        staff = getattr(user, "staff_member", None)
        return staff is None or staff.left_on is None or staff.left_on >= local_date(timezone.now())
