"""Who may hold a session: leavers and deactivated accounts cannot sign in, and their sessions end at once.

Two halves, both needed:

- ``ActiveAccountBackend`` refuses a person whose account is inactive or whose staff profile says they
  have left. Django asks the backend on sign-in and again on every request (``get_user``), so the refusal
  is immediate and covers every sign-in page, ours and the Wagtail admin's, with Django's usual message.
- ``SessionStore`` (the ``SESSION_ENGINE``) records whose each session is, so ``user_sessions_end`` can
  delete them. Refusing alone would leave the rows in place, and they would work again the moment the
  account or profile was made active again.

And how long a session lasts: ``session_end_reason`` says when one has gone unused for
``SESSION_IDLE_TIMEOUT`` or is older than ``SESSION_ABSOLUTE_LIFETIME`` (``SessionLifetimeMiddleware``
acts on it), and ``PasswordChangeEndsSessions`` ends every session of a person whose password changes.
"""

import datetime
import functools

from asgiref.sync import sync_to_async
from django.conf import settings
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


@functools.cache
def own_records() -> tuple[str, ...]:
    """The records a person holds one of, by their name on the user: the staff profile, the young expert
    record, the peer record. Every one-to-one link to the user from the product's own apps, found from the
    models so that this app need not know the apps above it."""
    ours = {"workforce", "competencies", "peernet", "cms"}
    return tuple(
        relation.name
        for relation in User._meta.related_objects
        if relation.one_to_one and relation.related_model._meta.app_label in ours
    )


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

    # get_user runs on every request: loading the person's own records with the user (one join each) keeps
    # it to one query, and the pages and rules that ask "is this person a peer, a young expert, staff?" ask
    # the user rather than the database.
    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related(*own_records()).get(pk=user_id)
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


class PasswordChangeEndsSessions:
    """Not a rule for passwords, but the hook Django offers validators: ``password_changed`` runs whenever a
    saved password changes, whoever changes it. Listed in ``AUTH_PASSWORD_VALIDATORS``.

    It is the one place every change passes through: the change and reset pages, ours and the Wagtail
    admin's (whose account page sends no signal), a superuser setting a password, ``manage.py
    changepassword``. Every session of the person ends, so a reset signs them out everywhere. A person
    changing their own password stays signed in where they did it: Django's ``update_session_auth_hash``,
    which both change pages call next, gives that browser a new session key, saved as a new row.
    A password re-hashed at sign-in (a stronger hasher) is not a change and does not come here.
    """

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None:
            user_sessions_end(user=user)

    def get_help_text(self):
        return "A new password signs you out on your other devices."


# The session's own record of its lifetime, as seconds since the epoch (sessions are stored as JSON). A session
# without them (signed in before they existed, or by a test's force_login) counts from the person's last sign-in,
# ``last_sign_in`` below, until its first note of activity writes them.
SIGNED_IN_AT = "_signed_in_at"
LAST_ACTIVE_AT = "_last_active_at"
IDLE, TOO_OLD = "idle", "too old"


def session_lifetime_start(*, session, now: datetime.datetime) -> None:
    """Start the clocks: at sign-in, and whenever Django gives a signed-in session a new key."""
    session[SIGNED_IN_AT] = session[LAST_ACTIVE_AT] = int(now.timestamp())


def _clocks(session, now, last_sign_in) -> tuple[float, float]:
    default = (last_sign_in or now).timestamp()
    return session.get(SIGNED_IN_AT, default), session.get(LAST_ACTIVE_AT, default)


def session_activity_record(
    *, session, now: datetime.datetime, last_sign_in: datetime.datetime | None, every_time: bool = False
) -> None:
    """Note that the person has just used the site.

    A page writes the session only when a tenth of the idle timeout (at most a minute) has passed since the
    last note, so a page's queries do not grow by a write each time. The person is signed out that much
    early at most, never late. ``every_time`` writes regardless (the "Stay signed in" button).
    """
    signed_in_at, last_active_at = _clocks(session, now, last_sign_in)
    timestamp = int(now.timestamp())
    # Without clocks or a last sign-in to count from, the clocks start now: otherwise they never would.
    no_start = SIGNED_IN_AT not in session and last_sign_in is None
    if every_time or no_start or timestamp - last_active_at >= min(60, settings.SESSION_IDLE_TIMEOUT // 10):
        session[SIGNED_IN_AT] = int(signed_in_at)
        session[LAST_ACTIVE_AT] = timestamp


def session_end_reason(*, session, now: datetime.datetime, last_sign_in: datetime.datetime | None) -> str | None:
    """``IDLE``, ``TOO_OLD``, or None while the session may go on."""
    signed_in_at, last_active_at = _clocks(session, now, last_sign_in)
    if now.timestamp() - signed_in_at >= settings.SESSION_ABSOLUTE_LIFETIME:
        return TOO_OLD
    if now.timestamp() - last_active_at >= settings.SESSION_IDLE_TIMEOUT:
        return IDLE
    return None


def session_idle_seconds_left(*, session, now: datetime.datetime, last_sign_in: datetime.datetime | None) -> int:
    """Seconds until the session ends for want of use, if nothing else happens."""
    _signed_in_at, last_active_at = _clocks(session, now, last_sign_in)
    return max(0, int(last_active_at + settings.SESSION_IDLE_TIMEOUT - now.timestamp()))
