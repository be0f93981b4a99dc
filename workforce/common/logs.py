"""Log lines as JSON, one object a line, for a log service to index: production's format (cms/settings).

Each line has the time (UTC, ISO 8601), level, logger, message, the request's id (``RequestIdLogFilter``
adds it) and, when there is one, the exception's traceback. Only the message the code wrote is kept: never
a request's body, headers or other attributes a record may carry.
"""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


WITHHELD = "[message withheld: it may hold a record's details]"


class ExceptionMessageFilter(logging.Filter):
    """Keeps an exception's kind and where it was raised, and drops what it said.

    An exception's message can carry the values it was working on: PostgreSQL's "Key (email)=(…) already
    exists", a ValueError quoting what was typed, a KeyError naming a person. The log keeps the traceback
    (every file, line and function, which is what finds the fault) with each message replaced by WITHHELD;
    the request id on the line finds the request, and the audit trail what it changed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = _withheld(record.exc_info[1])
            record.exc_info = None
        return True


def _withheld(error: BaseException) -> str:
    import traceback

    summary = traceback.TracebackException.from_exception(error)
    for link in _chain(summary):
        link._str = WITHHELD
        link.__notes__ = None
        link.exceptions = None  # an ExceptionGroup's members are withheld with it
    return "".join(summary.format()).rstrip("\n")


def _chain(summary):
    seen = set()
    while summary is not None and id(summary) not in seen:
        seen.add(id(summary))
        yield summary
        summary = summary.__cause__ or (None if summary.__suppress_context__ else summary.__context__)
