"""Django's flush, allowed to empty the append-only audit tables too.

Emptying the whole database is meant to take the audit trail with it (the test run does it between browser
tests). On PostgreSQL flush uses TRUNCATE, which the audit triggers do not see; on SQLite it deletes row by
row, so it runs inside ``flush_allowed()``, which the SQLite triggers ask about (workforce/audit/database.py).
"""

from django.core.management.commands import flush

from workforce.audit.database import flush_allowed


class Command(flush.Command):
    def handle(self, **options):
        with flush_allowed():
            return super().handle(**options)
