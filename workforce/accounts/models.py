from importlib import import_module

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models

__all__ = ["UserSession"]


class UserSession(AbstractBaseSession):
    """A browser's session, with the person signed in to it, so all of one person's sessions can be ended.

    Django's own session table cannot say whose a session is without decoding every row. The session engine
    in ``workforce/sessions.py`` (``SESSION_ENGINE``) fills ``user`` on every save; anonymous sessions leave
    it empty.
    """

    # No database constraint: Django's session store treats an IntegrityError on insert as a clashing key and
    # tries again, so a row naming a user deleted mid-request must not raise one. Deleting a user still
    # deletes their sessions, through Django's on_delete.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        db_constraint=False,
        related_name="+",
    )

    @classmethod
    def get_session_store_class(cls):
        # Whatever store SESSION_ENGINE names (workforce.accounts.sessions), found by name: the store imports
        # this model, so this model does not import the store.
        return import_module(settings.SESSION_ENGINE).SessionStore
