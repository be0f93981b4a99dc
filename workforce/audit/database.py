"""The triggers that make the audit tables append-only, for PostgreSQL and for SQLite.

An UPDATE or DELETE on ``auditlog_logentry`` or ``workforce_accessevent`` is refused by the database unless:
- it only empties ``actor_id`` (Django does that when a user is deleted; the row still says who it was in
  ``actor_email`` / ``actor_username``), or
- it is a DELETE of a record's rows while an ``AuditErasurePermit`` for that record exists (``history_erase``).

``manage.py flush`` wipes every table on purpose. On PostgreSQL it uses TRUNCATE, which row triggers do not
see; on SQLite it runs DELETE, so the SQLite triggers also let rows go while ``flush_allowed()`` is in force
(a function the connection answers, see ``sqlite_functions``). A connection without that function, such as
the sqlite3 shell, is refused outright.
"""

import contextlib
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured

REFUSED = "The audit trail is append-only: its rows cannot be changed or deleted."
PERMITS = "workforce_auditerasurepermit"
# Each guarded table, the column holding its record's id, and the columns besides actor_id an update must
# leave alone (every column: SQLite has no row comparison to lean on).
TABLES = {
    "auditlog_logentry": (
        "object_pk",
        [
            "id",
            "content_type_id",
            "object_pk",
            "object_id",
            "object_repr",
            "serialized_data",
            "action",
            "changes_text",
            "changes",
            "cid",
            "remote_addr",
            "remote_port",
            "timestamp",
            "additional_data",
            "actor_email",
        ],
    ),
    "workforce_accessevent": (
        "object_pk",
        [
            "id",
            "actor_username",
            "at",
            "ip",
            "request_id",
            "url_name",
            "content_type_id",
            "object_pk",
            "outcome",
            "status_code",
        ],
    ),
}

_flushing: ContextVar[bool] = ContextVar("audit_flushing", default=False)


@contextlib.contextmanager
def flush_allowed():
    token = _flushing.set(True)
    try:
        yield
    finally:
        _flushing.reset(token)


def sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: gives each SQLite connection the function its audit triggers ask."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("audit_flushing", 0, lambda: int(_flushing.get()))


def _permit_exists(pk_column: str) -> str:
    # Trigger DDL, built once in a migration from this module's own table and column names; nothing here
    # ever comes from a request.
    return (
        f"EXISTS (SELECT 1 FROM {PERMITS} p WHERE p.content_type_id = OLD.content_type_id "  # nosec B608
        f"AND p.object_pk = OLD.{pk_column})"
    )


def _sqlite(table: str, pk_column: str, columns: list[str]) -> tuple[list[str], list[str]]:
    unchanged = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in columns)
    only_actor_emptied = f"(OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL AND {unchanged})"
    forward = [
        f"CREATE TRIGGER {table}_append_only_update BEFORE UPDATE ON {table} "
        f"WHEN NOT {only_actor_emptied} AND NOT audit_flushing() "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END;",
        f"CREATE TRIGGER {table}_append_only_delete BEFORE DELETE ON {table} "
        f"WHEN NOT {_permit_exists(pk_column)} AND NOT audit_flushing() "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END;",
    ]
    backward = [
        f"DROP TRIGGER IF EXISTS {table}_append_only_update;",
        f"DROP TRIGGER IF EXISTS {table}_append_only_delete;",
    ]
    return forward, backward


def _postgresql(table: str, pk_column: str) -> tuple[list[str], list[str]]:
    function = f"{table}_append_only"
    forward = [
        f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
                   AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
                    RETURN NEW;
                END IF;
            ELSIF {_permit_exists(pk_column)} THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'insufficient_privilege';
        END;
        $$ LANGUAGE plpgsql;
        """,
        f"CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {function}();",
    ]
    backward = [f"DROP TRIGGER IF EXISTS {function} ON {table};", f"DROP FUNCTION IF EXISTS {function}();"]
    return forward, backward


# The site runs on PostgreSQL or SQLite only; on any other database the audit trail could not be made
# append-only, so the migration stops rather than leave it open to edits.
UNSUPPORTED = "The audit trail's triggers are written for PostgreSQL and SQLite, not {vendor}."


def statements(vendor: str, *, backward: bool = False) -> list[str]:
    result = []
    for table, (pk_column, columns) in TABLES.items():
        if vendor == "postgresql":
            pair = _postgresql(table, pk_column)
        elif vendor == "sqlite":
            pair = _sqlite(table, pk_column, columns)
        else:
            raise ImproperlyConfigured(UNSUPPORTED.format(vendor=vendor))
        result.extend(pair[1] if backward else pair[0])
    return result


def create_triggers(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def drop_triggers(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, backward=True):
        schema_editor.execute(sql)
