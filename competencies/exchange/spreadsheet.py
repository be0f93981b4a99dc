"""Spreadsheets (XLSX and CSV) through tablib, the library under django-import-export.

The Competences sheet has one row per competence and one column per role profile, holding what that
profile expects ("Competent, core"). An XLSX file also carries the rest of the framework on its own
sheets, so it can rebuild a whole framework; a CSV file is the Competences sheet alone and is imported
into a draft version that already has the role profiles and the scale.
"""

import io
import zipfile

import tablib

from workforce.spreadsheets import safe_cell, unsafe_cell

from .files import check_size, decode_text
from .structure import (
    CompetenceRow,
    DomainRow,
    ExpectationRow,
    FileProblems,
    FrameworkData,
    LevelRow,
    Problem,
    ProfileRow,
    RoleRow,
    ScaleRow,
    ServiceAreaRow,
)

COMPETENCES = "Competences"
COLUMNS = ["Domain code", "Domain name", "Code", "Parent code", "Title", "What the person does",
           "What they need to know and understand", "NOS code"]
REQUIRED = ["Domain code", "Code", "Title"]
SHEETS = {
    "Framework": ["Field", "Value"],
    "Service areas": ["Code", "Name", "Description"],
    "Career levels": ["Level", "Title", "Descriptor"],
    "Roles": ["Code", "Name", "Description", "Specialisms"],
    "Scale": ["Value", "Label", "Descriptor", "Counts as competent"],
    "Role profiles": ["Code", "Title", "Role", "Level", "Service area", "Summary", "Responsibilities"],
    "Domains": ["Code", "Name", "Description"],
}
YES = {"yes", "y", "true", "1"}


def _sheet(title, headers, rows):
    sheet = tablib.Dataset(headers=headers, title=title)
    for row in rows:
        sheet.append([safe_cell("" if value is None else value) for value in row])
    return sheet


def competence_sheet(data: FrameworkData, profile_codes: list[str]) -> tablib.Dataset:
    expected = {(e.competence, e.profile): e for e in data.expectations}
    domains = {d.code: d.name for d in data.domains}

    def cell(code, profile):
        expectation = expected.get((code, profile))
        if expectation is None:
            return ""
        return f"{expectation.proficiency}, {'core' if expectation.core else 'optional'}"

    return _sheet(COMPETENCES, [*COLUMNS, *profile_codes], (
        [c.domain, domains.get(c.domain, ""), c.code, c.parent, c.title, c.performance, c.knowledge, c.nos_code,
         *(cell(c.code, p) for p in profile_codes)]
        for c in data.competences
    ))


def export(data: FrameworkData, fmt: str) -> bytes:
    profiles = [p.code for p in data.profiles]
    competences = competence_sheet(data, profiles)
    if fmt == "csv":
        return competences.export("csv").encode("utf-8-sig")
    book = tablib.Databook()
    book.add_sheet(competences)
    book.add_sheet(_sheet("Framework", SHEETS["Framework"], [
        ["Name", data.name], ["Slug", data.slug], ["Owner", data.owner], ["Description", data.description],
        ["Version label", data.version_label], ["Version notes", data.version_notes],
    ]))
    book.add_sheet(_sheet("Service areas", SHEETS["Service areas"],
                          ([a.code, a.name, a.description] for a in data.service_areas)))
    book.add_sheet(_sheet("Career levels", SHEETS["Career levels"],
                          ([lv.number, lv.title, lv.descriptor] for lv in data.levels)))
    book.add_sheet(_sheet("Roles", SHEETS["Roles"],
                          ([r.code, r.name, r.description, "; ".join(r.specialisms)] for r in data.roles)))
    book.add_sheet(_sheet("Scale", SHEETS["Scale"], (
        [s.value, s.label, s.descriptor, "Yes" if s.is_proficient else "No"] for s in data.scale)))
    book.add_sheet(_sheet("Role profiles", SHEETS["Role profiles"], (
        [p.code, p.title, p.role, p.level, p.service_area, p.summary, p.responsibilities] for p in data.profiles)))
    book.add_sheet(_sheet("Domains", SHEETS["Domains"], ([d.code, d.name, d.description] for d in data.domains)))
    return book.export("xlsx")


def template(profile_codes: list[str], fmt: str) -> bytes:
    """An empty Competences sheet with a column for each role profile of the version it will go into."""
    sheet = tablib.Dataset(headers=[*COLUMNS, *profile_codes], title=COMPETENCES)
    return sheet.export("csv").encode("utf-8-sig") if fmt == "csv" else sheet.export("xlsx")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unsafe_cell(str(value).strip())


def _int(value, where, what, problems) -> int | None:
    try:
        return int(float(_text(value)))
    except ValueError:
        problems.append(Problem(where, f"the {what} '{_text(value)}' is not a whole number"))
        return None


def parse(raw: bytes, fmt: str) -> FrameworkData:
    if fmt == "csv":
        text = decode_text(raw, what="CSV file")
        try:
            sheets = {COMPETENCES: tablib.Dataset().load(text, "csv")}
        except Exception:  # tablib raises several kinds for text that is not CSV
            raise FileProblems([Problem("", "This file cannot be read as CSV.")]) from None
    else:
        check_size(raw)
        if not zipfile.is_zipfile(io.BytesIO(raw)):
            raise FileProblems([Problem("", "This file is not an Excel workbook (.xlsx), although its name says it "
                                            "is. Save it from your spreadsheet program as .xlsx and try again.")])
        try:
            book = tablib.Databook().load(raw, "xlsx")
        except Exception:  # openpyxl raises several kinds for a damaged workbook
            raise FileProblems([Problem("", "This workbook cannot be read. Save it again as .xlsx.")]) from None
        sheets = {sheet.title: sheet for sheet in book.sheets()}
    if COMPETENCES not in sheets:
        raise FileProblems([Problem("", f"The workbook has no sheet called {COMPETENCES}.")])
    problems: list[Problem] = []
    data = FrameworkData()
    _read_framework(sheets, data, problems)
    _read_competences(sheets[COMPETENCES], data, problems)
    if problems:
        raise FileProblems(problems)
    return data


def _rows(sheet, title, problems):
    headers = [_text(h) for h in (sheet.headers or [])]
    missing = [name for name in SHEETS.get(title, REQUIRED) if name not in headers]
    if missing:
        problems.append(Problem(f"sheet {title}", f"these columns are missing: {', '.join(missing)}"))
        return
    for number, values in enumerate(sheet, start=2):
        row = dict(zip(headers, values, strict=False))
        if any(_text(v) for v in row.values()):
            yield f"{title} row {number}", row


def _read_framework(sheets, data, problems):
    if "Framework" in sheets:
        fields = {_text(r.get("Field")): _text(r.get("Value")) for _, r in _rows(sheets["Framework"], "Framework",
                                                                                    problems)}
        data.name, data.slug = fields.get("Name", ""), fields.get("Slug", "")
        data.owner, data.description = fields.get("Owner", ""), fields.get("Description", "")
        data.version_label, data.version_notes = fields.get("Version label", ""), fields.get("Version notes", "")
    if "Service areas" in sheets:
        for where, r in _rows(sheets["Service areas"], "Service areas", problems):
            data.service_areas.append(ServiceAreaRow(_text(r["Code"]), _text(r["Name"]), _text(r["Description"]),
                                                     where))
    if "Career levels" in sheets:
        for where, r in _rows(sheets["Career levels"], "Career levels", problems):
            number = _int(r["Level"], where, "level", problems)
            if number is not None:
                data.levels.append(LevelRow(number, _text(r["Title"]), _text(r["Descriptor"]), where))
    if "Roles" in sheets:
        for where, r in _rows(sheets["Roles"], "Roles", problems):
            specialisms = [s.strip() for s in _text(r["Specialisms"]).split(";") if s.strip()]
            data.roles.append(RoleRow(_text(r["Code"]), _text(r["Name"]), _text(r["Description"]), specialisms,
                                      where))
    if "Scale" in sheets:
        for where, r in _rows(sheets["Scale"], "Scale", problems):
            value = _int(r["Value"], where, "value", problems)
            if value is not None:
                data.scale.append(ScaleRow(value, _text(r["Label"]), _text(r["Descriptor"]),
                                           _text(r["Counts as competent"]).lower() in YES, where))
    if "Role profiles" in sheets:
        for where, r in _rows(sheets["Role profiles"], "Role profiles", problems):
            level = _int(r["Level"], where, "level", problems)
            if level is not None:
                data.profiles.append(ProfileRow(_text(r["Code"]), _text(r["Title"]), _text(r["Role"]), level,
                                                _text(r["Service area"]), _text(r["Summary"]),
                                                _text(r["Responsibilities"]), where))
    if "Domains" in sheets:
        for where, r in _rows(sheets["Domains"], "Domains", problems):
            data.domains.append(DomainRow(_text(r["Code"]), _text(r["Name"]), _text(r["Description"]), where))


def _read_competences(sheet, data, problems):
    headers = [_text(h) for h in (sheet.headers or [])]
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        problems.append(Problem("", f"These columns are missing: {', '.join(missing)}. Download the template to "
                                    "see the columns a file needs."))
        return
    profiles = [h for h in headers if h and h not in COLUMNS]
    known_domains = {d.code for d in data.domains}
    for where, r in _rows(sheet, COMPETENCES, problems):
        where = where.replace(f"{COMPETENCES} row", "row")
        code, domain = _text(r.get("Code")), _text(r.get("Domain code"))
        data.competences.append(CompetenceRow(
            code, _text(r.get("Title")), domain, _text(r.get("Parent code")), _text(r.get("What the person does")),
            _text(r.get("What they need to know and understand")), _text(r.get("NOS code")), f"{where} ({code})",
        ))
        if domain and domain not in known_domains and _text(r.get("Domain name")):
            data.domains.append(DomainRow(domain, _text(r.get("Domain name")), None, where))
            known_domains.add(domain)
        for profile in profiles:
            value = _text(r.get(profile))
            if not value:
                continue
            label, _, kind = value.rpartition(",")
            if not label:
                label, kind = kind, "core"
            kind = kind.strip().lower()
            if kind not in ("core", "optional"):
                problems.append(Problem(f"{where}, column {profile}",
                                        f"'{value}' should be a scale value then core or optional, "
                                        "for example 'Competent, core'"))
                continue
            data.expectations.append(ExpectationRow(profile, code, label.strip(), kind == "core",
                                                    f"{where}, column {profile}"))
