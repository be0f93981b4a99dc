"""Bringing staff in from a spreadsheet: read the file, check every row, preview, then save all or nothing.

The rows go through django-import-export for the dry run and the row-by-row report; each row is saved
with ``services.staff_upsert`` so an imported person is the same as one added any other way.

A service manager's file only ever reaches people in their own service: a row cannot take over someone
else's account (``staff_upsert`` refuses it), and a line manager is looked up in their service only. An
administrator may use any service, and so may move people between services.
"""

import csv
import io
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from workforce import permissions, roles
from workforce.common.spreadsheets import WorkbookRefused, check_workbook
from workforce.common.uploads import scan_content
from workforce.models import Service, StaffProfile
from workforce.people import services
from workforce.people.models import start_date_problem

MAX_BYTES = 2 * 1024 * 1024
COLUMNS = ["email", "first_name", "last_name", "job_title", "service", "line_manager_email", "start_date", "kinds"]
REQUIRED = ["email", "first_name", "last_name", "job_title", "service"]
COLUMN_HELP = {
    "email": "Their work email address. It is how they sign in, and how a re-import finds them.",
    "first_name": "First name.",
    "last_name": "Last name.",
    "job_title": "Job title, as the service uses it.",
    "service": "The service's name exactly as it is in L&D Pathways.",
    "line_manager_email": "Optional. Their line manager's email; the manager must already exist or be "
    "on an earlier row.",
    "start_date": "Optional. The date they started, as 31/01/2025 or 2025-01-31.",
    "kinds": "Optional. What they may do, separated by semicolons, for example: Staff member; Line manager. "
    "Leave blank for Staff member.",
}
EXAMPLE_ROW = [
    "jo.bloggs@example.nhs.uk",
    "Jo",
    "Bloggs",
    "Practitioner",
    "",
    "",
    "2025-01-31",
    "Staff member",
]
# A service manager may give these kinds; only an administrator may give the rest.
KINDS_A_SERVICE_MANAGER_MAY_GIVE = {
    roles.STAFF_MEMBER,
    roles.LINE_MANAGER,
    roles.PEER_COORDINATOR,
    roles.PEER_WORKER,
    roles.PARTICIPATION_LEAD,
    roles.NETWORK_MEMBER,
}


def template_dataset(*, service_name: str = "") -> tablib.Dataset:
    row = list(EXAMPLE_ROW)
    row[COLUMNS.index("service")] = service_name
    return tablib.Dataset(row, headers=COLUMNS, title="Staff")


def read_staff_file(*, name: str, content: bytes) -> tablib.Dataset:
    """Turn an uploaded file into rows, or say plainly why it cannot be read."""
    lower = name.lower()
    if not content:
        raise ValidationError("The file is empty. Add a header row and one row for each person.")
    if len(content) > MAX_BYTES:
        raise ValidationError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it into smaller files.")
    scan_content(content)
    if lower.endswith(".xlsx"):
        if not content.startswith(b"PK\x03\x04"):
            raise ValidationError(
                "This file's name ends in .xlsx but it is not an Excel workbook. "
                "Save it from Excel as an .xlsx workbook, or as CSV UTF-8."
            )
        try:
            check_workbook(content)
        except WorkbookRefused as refused:
            raise ValidationError(str(refused)) from None
        try:
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        except Exception as error:
            raise ValidationError("The workbook could not be opened. Save it again from Excel and retry.") from error
    elif lower.endswith(".csv"):
        if b"\x00" in content:
            raise ValidationError(
                "This file's name ends in .csv but it is not a text file. Save it from your spreadsheet as CSV UTF-8."
            )
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                "The file is not saved as UTF-8. In Excel, choose 'CSV UTF-8 (Comma delimited)' "
                "when you save it, then upload it again."
            ) from error
        rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            raise ValidationError("The file is empty. Add a header row and one row for each person.")
        dataset = tablib.Dataset(headers=rows[0])
        width = len(rows[0])
        for line in rows[1:]:
            if not any(cell.strip() for cell in line):
                continue
            dataset.append((line + [""] * width)[:width])
    else:
        raise ValidationError("Upload a .csv or .xlsx file. You can download a template below.")
    headers = [str(header or "").strip().lower() for header in (dataset.headers or [])]
    dataset.headers = headers
    missing = [column for column in REQUIRED if column not in headers]
    if missing:
        raise ValidationError(
            f"The file has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}. "
            f"The first row must name the columns: {', '.join(COLUMNS)}."
        )
    unknown = [header for header in headers if header and header not in COLUMNS]
    if unknown:
        raise ValidationError(
            f"The file has columns we do not know: {', '.join(unknown)}. Use only: {', '.join(COLUMNS)}."
        )
    if dataset.height == 0:
        raise ValidationError("The file has a header row but no people in it.")
    return dataset


class ServiceWidget(widgets.ForeignKeyWidget):
    def __init__(self, services_allowed):
        super().__init__(Service, field="name")
        self.services_allowed = services_allowed

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            raise ValueError("Enter the service's name.")
        service = next((s for s in self.services_allowed if s.name.lower() == name.lower()), None)
        if service is None:
            if Service.objects.filter(name__iexact=name).exists():
                raise ValueError(
                    f"You cannot add staff to {name}. You can add staff to: "
                    f"{', '.join(s.name for s in self.services_allowed) or 'no service'}."
                )
            raise ValueError(f"There is no service called '{name}'. Check the spelling against the service list.")
        return service


class LineManagerWidget(widgets.ForeignKeyWidget):
    """Finds the line manager among the staff of the importer's services (earlier rows are saved by then).

    Someone outside them gets the same answer as an email nobody has, so the file cannot be used to find
    out who has an account elsewhere.
    """

    def __init__(self, services_allowed):
        super().__init__(StaffProfile, field="user__email")
        self.services_allowed = services_allowed
        self.where = services_allowed[0].name if len(services_allowed) == 1 else "the services you can add staff to"

    def clean(self, value, row=None, **kwargs):
        email = str(value or "").strip().lower()
        if not email:
            return None
        manager = (
            StaffProfile.objects.filter(user__email__iexact=email, service__in=self.services_allowed)
            .select_related("user")
            .first()
        )
        if manager is None:
            raise ValueError(
                f"There is no one with the email {email} in {self.where} to be the line manager. "
                "Add the manager first, or put them on an earlier row."
            )
        return manager


class StartDateWidget(widgets.DateWidget):
    """A date as the template describes it, within the years a start date can fall in."""

    def clean(self, value, row=None, **kwargs):
        day = super().clean(value, row=row, **kwargs)
        problem = start_date_problem(day)
        if problem:
            raise ValueError(problem)
        return day


class StaffImportResource(resources.ModelResource):
    job_title = fields.Field(attribute="job_title", column_name="job_title", widget=widgets.CharWidget())
    start_date = fields.Field(attribute="start_date", column_name="start_date", widget=StartDateWidget())

    class Meta:
        model = StaffProfile
        fields = ("job_title", "service", "line_manager", "start_date")
        import_id_fields = ()
        skip_diff = True
        clean_model_instances = False
        store_row_values = True
        use_transactions = True

    def __init__(self, *, user, services_allowed):
        super().__init__()
        self.user = user
        self.services_allowed = list(services_allowed)
        self.fields["service"] = fields.Field(
            attribute="service", column_name="service", widget=ServiceWidget(self.services_allowed)
        )
        self.fields["line_manager"] = fields.Field(
            attribute="line_manager", column_name="line_manager_email", widget=LineManagerWidget(self.services_allowed)
        )
        self.seen_emails = {}
        self.is_administrator = permissions.is_administrator(user)
        self.may_give = set(roles.KINDS) if self.is_administrator else KINDS_A_SERVICE_MANAGER_MAY_GIVE

    def before_import_row(self, row, row_number=None, **kwargs):
        for key, value in list(row.items()):
            row[key] = "" if value is None else str(value).strip()
        blanks = {column: "This cannot be blank." for column in REQUIRED if not row.get(column)}
        if blanks:
            raise ValidationError(blanks)
        email = row["email"].lower()
        if "@" not in email:
            raise ValidationError({"email": f"'{row['email']}' is not an email address."})
        if email in self.seen_emails:
            raise ValidationError(
                {"email": f"{email} is also on row {self.seen_emails[email]}. Each person can be in the file once."}
            )
        self.seen_emails[email] = row_number
        row["email"] = email
        # staff_upsert refuses this too, but only for someone already saved; a new person naming themselves
        # would otherwise be told there is no one with their email.
        if row.get("line_manager_email", "").lower() == email:
            person = f"{row['first_name']} {row['last_name']}"
            raise ValidationError({"line_manager_email": services.OWN_LINE_MANAGER.format(person=person)})
        row["_kinds"] = self._kinds(row.get("kinds", ""))

    def _kinds(self, text):
        names = [name.strip() for name in text.replace(",", ";").split(";") if name.strip()]
        if not names:
            return (roles.STAFF_MEMBER,)
        by_name = {kind.name.lower(): kind for kind in roles.KINDS}
        unknown = [name for name in names if name.lower() not in by_name]
        if unknown:
            raise ValidationError(
                {"kinds": f"We do not know {', '.join(unknown)}. Use: {'; '.join(kind.name for kind in roles.KINDS)}."}
            )
        kinds = tuple(by_name[name.lower()] for name in names)
        refused = [kind.name for kind in kinds if kind not in self.may_give]
        if refused:
            raise ValidationError({"kinds": f"Only an administrator can make someone {', '.join(refused)}."})
        return kinds

    def get_instance(self, instance_loader, row):
        return StaffProfile.objects.filter(user__email__iexact=row["email"]).select_related("user").first()

    def save_instance(self, instance, is_create, row, **kwargs):
        profile = services.staff_upsert(
            email=row["email"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            service=instance.service,
            job_title=instance.job_title,
            kinds=row["_kinds"],
            line_manager=instance.line_manager,
            start_date=instance.start_date,
            services_allowed=None if self.is_administrator else self.services_allowed,
        )
        instance.pk = profile.pk
        instance.user = profile.user


@dataclass
class RowReport:
    number: int
    values: dict
    action: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowReport]

    @property
    def errors(self):
        return [row for row in self.rows if row.errors]

    @property
    def created(self):
        return sum(1 for row in self.rows if row.action == "new")

    @property
    def updated(self):
        return sum(1 for row in self.rows if row.action == "update")


def staff_import(*, user, services_allowed, dataset: tablib.Dataset, dry_run: bool) -> ImportReport:
    """Check (dry run) or save every row. When any row is wrong nothing is saved, and every wrong row is
    reported with its number as the person sees it in their spreadsheet (the header is row 1)."""
    resource = StaffImportResource(user=user, services_allowed=services_allowed)
    result = resource.import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )
    reports = []
    for index, row_result in enumerate(result.rows):
        values = dict(zip(dataset.headers, dataset[index], strict=False))
        report = RowReport(number=index + 2, values=values, action=row_result.import_type)
        error = row_result.validation_error
        if error is not None and hasattr(error, "error_dict"):
            for column, messages in error.message_dict.items():
                label = "" if column == "__all__" else f"{column.replace('_', ' ')}: "
                report.errors += [f"{label}{message}" for message in messages]
        elif error is not None:
            # staff_upsert's own rules (line manager loops, people outside the service) name no column.
            report.errors += error.messages
        for error in row_result.errors:
            report.errors.append(_plain(error.error))
        reports.append(report)
    return ImportReport(rows=reports)


def _plain(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return f"This row could not be saved ({error.__class__.__name__}). Check its values."
