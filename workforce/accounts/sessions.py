"""Who may hold a session: leavers and deactivated accounts cannot sign in, and their sessions end at once.

Two halves, both needed:

- ``ActiveAccountBackend`` refuses a person whose account is inactive or whose staff profile says they
  have left. Django asks the backend on sign-in and again on every request (``get_user``), so the refusal
  is immediate and covers every sign-in page, ours and the Wagtail admin's, with Django's usual message.
- ``SessionStore`` (the ``SESSION_ENGINE``) records whose each session is, so ``user_sessions_end`` can
  delete them. Refusing alone would leave the rows in place, and they would work again the moment the
  account or profile was made active again.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError

from workforce.accounts.models import UserSession
from workforce.people.models import StaffProfile

User = get_user_model()


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        return UserSession

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _signed_in_user_id(data)
        return session

    async def acreate_model_instance(self, data):
        # Django's async save builds the row itself rather than through create_model_instance.
        session = await super().acreate_model_instance(data)
        session.user_id = _signed_in_user_id(data)
        return session


def _signed_in_user_id(data):
    try:
        return User._meta.pk.to_python(data.get(SESSION_KEY))
    except ValidationError:
        return None


class ActiveAccountBackend(ModelBackend):
    """Django's username and password backend, which also refuses leavers (``StaffProfile.active`` off)."""

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        try:
            return user.staff_profile.active
        except StaffProfile.DoesNotExist:
            # Commissioners and others outside a service have no staff profile; their account alone decides.
            return True

    # get_user runs on every request: loading the staff profile with the user keeps it to one query.
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related("staff_profile").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        try:
            user = await User._default_manager.select_related("staff_profile").aget(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    async def aauthenticate(self, request, **credentials):
        # ModelBackend's async sign-in calls user_can_authenticate inside the event loop, where the staff
        # profile cannot be loaded.
        return await sync_to_async(self.authenticate)(request, **credentials)


def user_sessions_end(*, user: User, keep_session_key: str | None = None) -> int:
    """Sign a person out everywhere, except the session ``keep_session_key`` if given. Returns how many ended."""
    sessions = UserSession.objects.filter(user=user)
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    ended, _ = sessions.delete()
    return ended


def users_sessions_end(*, user_ids) -> int:
    """Sign several people out everywhere at once (for example after a bulk deactivation)."""
    ended, _ = UserSession.objects.filter(user_id__in=list(user_ids)).delete()
    return ended


# Receivers, connected in WorkforceConfig.ready(). The flags are flipped from more places than any one
# service: the Wagtail admin's own user views and the staff viewset save the models themselves, and so do
# scripts and the staff import. A post_save receiver is the one place all of them pass through.
# QuerySet.update() sends no signal: the backend still refuses such a person, but their sessions are only
# deleted by a save or by calling user_sessions_end.


def end_sessions_of_deactivated_user(sender, instance, **kwargs):
    if not instance.is_active:
        user_sessions_end(user=instance)


def end_sessions_of_leaver(sender, instance, **kwargs):
    if not instance.active:
        user_sessions_end(user=instance.user)
