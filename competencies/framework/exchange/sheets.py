"""The framework workbook's sheets as django-import-export resources.

Each resource says, once, what a sheet's columns are and how each cell is written out and read back
(widgets), so exporting and importing cannot drift apart. Reading a sheet cleans each cell with its field's
widget, as import-export's row import does, and collects every bad cell of every row; the rows become
``structure`` rows, which are checked as a whole by ``structure.validate`` and written by the framework
service like every other format. That is where re-importing updates in place, matched on codes.
"""

from dataclasses import dataclass, field

import tablib
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader

from competencies.framework.exchange.structure import (
    CompetenceRow,
    DomainRow,
    ExpectationRow,
    LevelRow,
    Problem,
    ProfileRow,
    RoleRow,
    ScaleRow,
    ServiceAreaRow,
)
from workforce.common.spreadsheets import safe_cell, unsafe_cell

YES = {"yes", "y", "true", "1"}


def cell_text(value) -> str:
    """A cell as the text a person typed: a whole number Excel stored as 3.0 reads as 3, and the apostrophe
    an export put before a formula-like value comes off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unsafe_cell(str(value).strip())


# Widgets: one cell, both ways ---------------------------------------------------------------------------


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return safe_cell("" if value is None else str(value))


class WholeNumberWidget(widgets.Widget):
    """Numbers stay numbers in a workbook, so a spreadsheet can sort them."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            raise ValueError("this is blank; it needs a whole number")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a whole number") from None
        if not number.is_integer():
            raise ValueError(f"'{text}' is not a whole number")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cell_text(value).lower() in YES

    def render(self, value, obj=None, **kwargs):
        return "Yes" if value else "No"


class ListWidget(widgets.Widget):
    """Several short values in one cell, separated by semicolons."""

    def clean(self, value, row=None, **kwargs):
        return [part.strip() for part in cell_text(value).split(";") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return safe_cell("; ".join(value or []))


class ExpectationWidget(widgets.Widget):
    """What a role profile expects of a competence: "Competent, core" or "Working towards, optional".
    A value with no ", core" or ", optional" is core."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        label, _, kind = text.rpartition(",")
        if not label:
            label, kind = kind, "core"
        kind = kind.strip().lower()
        if kind not in ("core", "optional") or not label.strip():
            raise ValueError(f"'{text}' should be a scale value then core or optional, for example 'Competent, core'")
        return label.strip(), kind == "core"

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        label, core = value
        return safe_cell(f"{label}, {'core' if core else 'optional'}")


def text_field(column, attribute):
    return fields.Field(attribute=attribute, column_name=column, widget=TextWidget())


def number_field(column, attribute):
    return fields.Field(attribute=attribute, column_name=column, widget=WholeNumberWidget())


# The sheets ----------------------------------------------------------------------------------------------


class Sheet(resources.Resource):
    """A sheet read into a list of ``row_class`` objects, with a ``Problem`` for every cell that cannot be
    read. Nothing here touches the database."""

    title = ""
    row_class = None
    part = ""
    """The list on ``FrameworkData`` this sheet's rows come from and go back to."""
    required: tuple[str, ...] = ()
    blank: dict = {}

    class Meta:
        using_db = "default"
        use_transactions = False
        instance_loader_class = BaseInstanceLoader
        import_id_fields = ()
        skip_diff = True

    def __init__(self):
        super().__init__()
        self.rows = []
        self.problems: list[Problem] = []

    @property
    def columns(self) -> list[str]:
        return [f.column_name for f in self.get_export_fields()]

    # Export

    def rows_of(self, data) -> list:
        return getattr(data, self.part)

    def dataset(self, rows) -> tablib.Dataset:
        sheet = self.export(rows)
        sheet.title = self.title
        return sheet

    # Import

    def where(self, number: int, instance) -> str:
        return f"{self.title} row {number}"

    def read(self, header: list, rows) -> None:
        """Read every row into ``self.rows``, and every cell that cannot be read into ``self.problems``.

        ``rows`` are (row number, values) as the file numbers them. Each cell goes through its field's widget,
        as import-export's row import does (``Resource.import_instance``): a ValueError from a widget is a
        problem with that cell; a row with nothing in it is skipped."""
        headers = [cell_text(h) for h in (header or [])]
        missing = [name for name in self.required if name not in headers]
        if missing:
            self.problems.append(self.missing_columns(missing))
            return
        present = set(headers)
        fields = [f for f in self.get_import_fields() if f.attribute and f.column_name in present]
        for number, values in rows:
            row = dict(zip(headers, values, strict=False))
            instance = self.init_instance(row)
            errors: dict[str, str] = {}
            for column in fields:
                try:
                    column.save(instance, row)
                except ValueError as error:
                    errors[column.attribute] = str(error)
            if self.skip_row(instance, None, row, errors):
                continue
            if errors:
                columns = {f.attribute: f.column_name for f in fields}
                where = self.where(number, None)
                for attribute, message in errors.items():
                    self.problems.append(Problem(f"{where}, column {columns.get(attribute, attribute)}", message))
                continue
            instance.where = self.where(number, instance)
            self.rows.append(instance)

    def add_to(self, data) -> None:
        getattr(data, self.part).extend(self.rows)

    def missing_columns(self, missing: list[str]) -> Problem:
        return Problem(f"sheet {self.title}", f"these columns are missing: {', '.join(missing)}")

    def init_instance(self, row=None):
        return self.row_class(**self.blank)

    def get_instance(self, instance_loader, row):
        # Every row is new to the file; the same code twice is caught with the framework as a whole.
        return None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not any(cell_text(value) for value in row.values())


@dataclass
class Setting:
    field: str
    value: str = ""
    where: str = ""


class FrameworkSheet(Sheet):
    """The framework's own details, one per row: Field, Value."""

    title = "Framework"
    row_class = Setting
    required = ("Field", "Value")
    blank = {"field": ""}
    ATTRIBUTES = {
        "Name": "name",
        "Slug": "slug",
        "Owner": "owner",
        "Description": "description",
        "Version label": "version_label",
        "Version notes": "version_notes",
    }
    field_ = text_field("Field", "field")
    value = text_field("Value", "value")

    def rows_of(self, data) -> list[Setting]:
        return [Setting(name, getattr(data, attribute)) for name, attribute in self.ATTRIBUTES.items()]

    def add_to(self, data) -> None:
        for setting in self.rows:
            if setting.field in self.ATTRIBUTES:
                setattr(data, self.ATTRIBUTES[setting.field], setting.value)


class CodedSheet(Sheet):
    """A sheet of things with a code, a name and a description."""

    required = ("Code", "Name", "Description")
    blank = {"code": "", "name": ""}
    code = text_field("Code", "code")
    name = text_field("Name", "name")
    description = text_field("Description", "description")


class ServiceAreaSheet(CodedSheet):
    title = "Service areas"
    row_class = ServiceAreaRow
    part = "service_areas"


class CareerLevelSheet(Sheet):
    title = "Career levels"
    row_class = LevelRow
    part = "levels"
    required = ("Level", "Title", "Descriptor")
    blank = {"number": 0, "title": ""}
    number = number_field("Level", "number")
    title_ = text_field("Title", "title")
    descriptor = text_field("Descriptor", "descriptor")


class RoleSheet(CodedSheet):
    title = "Roles"
    row_class = RoleRow
    part = "roles"
    required = ("Code", "Name", "Description", "Specialisms")
    specialisms = fields.Field(attribute="specialisms", column_name="Specialisms", widget=ListWidget())


class ScaleSheet(Sheet):
    title = "Scale"
    row_class = ScaleRow
    part = "scale"
    required = ("Value", "Label", "Descriptor", "Counts as competent")
    blank = {"value": 0, "label": ""}
    value = number_field("Value", "value")
    label = text_field("Label", "label")
    descriptor = text_field("Descriptor", "descriptor")
    is_proficient = fields.Field(attribute="is_proficient", column_name="Counts as competent", widget=YesNoWidget())


class RoleProfileSheet(Sheet):
    title = "Role profiles"
    row_class = ProfileRow
    part = "profiles"
    required = ("Code", "Title", "Role", "Level", "Service area", "Summary", "Responsibilities")
    blank = {"code": "", "title": "", "role": "", "level": 0, "service_area": ""}
    code = text_field("Code", "code")
    title_ = text_field("Title", "title")
    role = text_field("Role", "role")
    level = number_field("Level", "level")
    service_area = text_field("Service area", "service_area")
    summary = text_field("Summary", "summary")
    responsibilities = text_field("Responsibilities", "responsibilities")


class DomainSheet(CodedSheet):
    title = "Domains"
    row_class = DomainRow
    part = "domains"


@dataclass
class CompetenceLine(CompetenceRow):
    """A row of the Competences sheet: a competence, its domain's name, and what each role profile expects."""

    domain_name: str = ""
    expects: dict[str, tuple[str, bool]] = field(default_factory=dict)


class ExpectationField(fields.Field):
    """The column for one role profile."""

    def __init__(self, profile: str):
        super().__init__(attribute=profile, column_name=profile, widget=ExpectationWidget())
        self.profile = profile

    def get_value(self, instance):
        return instance.expects.get(self.profile)

    def save(self, instance, row, is_m2m=False, **kwargs):
        cleaned = self.clean(row, **kwargs)
        if cleaned is not None:
            instance.expects[self.profile] = cleaned


class CompetenceSheet(Sheet):
    """One row per competence and one column per role profile, holding what that profile expects."""

    title = "Competences"
    row_class = CompetenceLine
    required = ("Domain code", "Code", "Title")
    blank = {"code": "", "title": "", "domain": ""}
    domain = text_field("Domain code", "domain")
    domain_name = text_field("Domain name", "domain_name")
    code = text_field("Code", "code")
    parent = text_field("Parent code", "parent")
    title_ = text_field("Title", "title")
    performance = text_field("What the person does", "performance")
    knowledge = text_field("What they need to know and understand", "knowledge")
    nos_code = text_field("NOS code", "nos_code")

    def __init__(self, profiles: list[str] = ()):
        super().__init__()
        self.profiles = list(profiles)
        for profile in self.profiles:
            self.fields[profile] = ExpectationField(profile)

    @classmethod
    def for_header(cls, header: list) -> "CompetenceSheet":
        """A column the sheet does not know is the code of a role profile."""
        known = set(cls().columns)
        return cls([h for h in (cell_text(h) for h in header or []) if h and h not in known])

    def missing_columns(self, missing):
        return Problem(
            "",
            f"These columns are missing: {', '.join(missing)}. Download the template to see the columns a file needs.",
        )

    def where(self, number, instance):
        return f"row {number} ({instance.code})" if instance is not None else f"row {number}"

    def rows_of(self, data) -> list[CompetenceLine]:
        domains = {d.code: d.name for d in data.domains}
        expects: dict[str, dict] = {}
        for e in data.expectations:
            expects.setdefault(e.competence, {})[e.profile] = (e.proficiency, e.core)
        return [
            CompetenceLine(
                c.code,
                c.title,
                c.domain,
                c.parent,
                c.performance,
                c.knowledge,
                c.nos_code,
                domain_name=domains.get(c.domain, ""),
                expects=expects.get(c.code, {}),
            )
            for c in data.competences
        ]

    def add_to(self, data) -> None:
        """Add what was read to ``data``: the competences, their expectations, and any domain the file names
        only on this sheet."""
        known = {d.code for d in data.domains}
        for line in self.rows:
            data.competences.append(line)
            if line.domain and line.domain not in known and line.domain_name:
                data.domains.append(DomainRow(line.domain, line.domain_name, None, line.where))
                known.add(line.domain)
            cell = line.where.split(" (")[0]
            for profile, (label, core) in line.expects.items():
                data.expectations.append(ExpectationRow(profile, line.code, label, core, f"{cell}, column {profile}"))


# Sheets a whole-framework workbook carries after Competences, in the order they are read.
DETAIL_SHEETS = (
    FrameworkSheet,
    ServiceAreaSheet,
    CareerLevelSheet,
    RoleSheet,
    ScaleSheet,
    RoleProfileSheet,
    DomainSheet,
)
