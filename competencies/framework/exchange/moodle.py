"""Moodle's competency framework CSV, as Moodle's tool_lpimportcsv reads it and tool_lpexportcsv writes it.

Fourteen columns, read by position as Moodle reads them (its importer maps the first column to the parent
ID number, the second to the ID number, and so on), so a header in an older wording or another language
is fine. One row describes the framework (Is framework = 1) with its scale, scale configuration and
taxonomy; every other row is a competency placed in the tree by its parent's ID number. Here the top level
of the tree is the framework's domains and everything below is competences.

What Moodle holds that this product has no field for (rules, cross-references, per-competency scales, the
exported ID, the description format, the taxonomy, the scale's default value) is kept with each row
under ``extra["moodle"]`` and written back unchanged, so Moodle → here → Moodle loses nothing. A framework
of our own has one description per competency in Moodle, so the two parts of a competence and its NOS code
are written into it under headings, and read back from those headings; a description with nothing but the
first part is written as it is, with no headings added.
"""

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass

import nh3
from django.utils.text import slugify

from competencies.framework.exchange.files import column_letter, decode_text, read_csv, where
from competencies.framework.exchange.structure import (
    CompetenceRow,
    DomainRow,
    FileProblems,
    FrameworkData,
    Problem,
    ScaleRow,
)
from competencies.framework.models import HTML_FORMAT
from workforce.common.spreadsheets import safe_cell, unsafe_cell

HEADERS = [
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
]
PARENT, IDNUMBER, SHORTNAME, DESCRIPTION, FORMAT, SCALE, SCALE_CONFIG = range(7)
RULE_TYPE, RULE_OUTCOME, RULE_CONFIG, RELATED, EXPORT_ID, IS_FRAMEWORK, TAXONOMY_COLUMN = range(7, 14)

# Header wordings Moodle has used, and the same headers in the languages Moodle sites most often export
# in. Only used to say a file's header looks right; the columns are read by position either way.
KNOWN_WORDINGS = [
    HEADERS,
    [
        "Parent id number",
        "Id number",
        "Shortname",
        "Description",
        "Description format",
        "Scale values",
        "Scale configuration",
        "Rule type (optional)",
        "Rule outcome (optional)",
        "Rule config (optional)",
        "Cross referenced competency id numbers",
        "Exported id (optional)",
        "Is framework",
        "Taxonomy",
    ],
    [
        "Numéro d'identification du parent",
        "Numéro d'identification",
        "Nom abrégé",
        "Description",
        "Format de description",
        "Valeurs de barème",
        "Configuration du barème",
        "Type de règle (facultatif)",
        "Résultat de règle (facultatif)",
        "Configuration de règle (facultatif)",
        "Numéros d'identification des compétences liées",
        "Identifiant exporté (facultatif)",
        "Est un référentiel",
        "Taxonomie",
    ],
    [
        "ID-Nummer des übergeordneten Elements",
        "ID-Nummer",
        "Kurzbezeichnung",
        "Beschreibung",
        "Beschreibungsformat",
        "Skalenwerte",
        "Skalenkonfiguration",
        "Regeltyp (optional)",
        "Regelergebnis (optional)",
        "Regelkonfiguration (optional)",
        "ID-Nummern verknüpfter Kompetenzen",
        "Exportierte ID (optional)",
        "Ist Kompetenzrahmen",
        "Taxonomie",
    ],
    [
        "Número ID del padre",
        "Número ID",
        "Nombre corto",
        "Descripción",
        "Formato de descripción",
        "Valores de escala",
        "Configuración de escala",
        "Tipo de regla (opcional)",
        "Resultado de la regla (opcional)",
        "Configuración de la regla (opcional)",
        "Números ID de competencias relacionadas",
        "ID exportado (opcional)",
        "Es marco",
        "Taxonomía",
    ],
]
FORMAT_PLAIN = 2
TAXONOMY = "domain,competency,indicator,indicator"
DOMAIN_PREFIX = "domain:"
PERFORMANCE, KNOWLEDGE, NOS = "What the person does:", "What they need to know and understand:", "NOS:"
SECTIONS = re.compile(rf"^({re.escape(PERFORMANCE)}|{re.escape(KNOWLEDGE)}|{re.escape(NOS)})[ \t]*", re.MULTILINE)
TRUE = {"1", "true", "yes"}
FLAGS = TRUE | {"", "0", "false", "no"}


def _normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in text if char.isalnum())


KNOWN = {tuple(_normal(h) for h in wording) for wording in KNOWN_WORDINGS}


def header_recognised(header: list[str]) -> bool:
    return tuple(_normal(h) for h in header[: len(HEADERS)]) in KNOWN


# Each field's name in every known wording, so a column can be recognised wherever it stands.
NAMED = {_normal(wording[i]): i for wording in KNOWN_WORDINGS for i in range(len(HEADERS))}
# What a file must have a column for: the tree (parent and ID numbers), names, and which row is the framework.
REQUIRED = (PARENT, IDNUMBER, SHORTNAME, IS_FRAMEWORK)
SAMPLE_ROWS = 5
SAMPLE_LENGTH = 80


@dataclass(frozen=True)
class Column:
    """One column of a file, as the mapping step shows it: where it is, its heading and a value from it."""

    index: int
    letter: str
    header: str
    sample: str


class ColumnsNeeded(FileProblems):
    """The file's columns cannot be matched to Moodle's safely, so the person says which is which.

    ``suggested`` has, for each column of the file, the Moodle field its heading names (or None)."""

    def __init__(self, problems, columns: list[Column], suggested: list[int | None]):
        super().__init__(problems)
        self.columns, self.suggested = columns, suggested


def _columns(table) -> list[Column]:
    columns = []
    for index, heading in enumerate(table.header):
        sample = next(
            (values[index].strip() for _, values in table.rows[:SAMPLE_ROWS] if values[index].strip()),
            "",
        )
        if len(sample) > SAMPLE_LENGTH:
            sample = sample[: SAMPLE_LENGTH - 1].rstrip() + "…"
        columns.append(Column(index, column_letter(index), heading, unsafe_cell(sample)))
    return columns


def _suggested(header: list[str]) -> list[int | None]:
    """The field each column's heading names, where it names one no other column also names."""
    named = [NAMED.get(_normal(h)) for h in header]
    return [field if named.count(field) == 1 else None for field in named]


def mapping_problems(mapping: list[int | None], header: list[str]) -> list[tuple[int | None, str]]:
    """What is wrong with a choice of field for each column: (the column, or None for the whole choice,
    and what to do). Each field may be chosen for one column, and the fields in REQUIRED must be chosen."""
    problems: list[tuple[int | None, str]] = []
    first: dict[int, int] = {}
    for index, field in enumerate(mapping):
        if field is None:
            continue
        if field in first:
            problems.append(
                (
                    index,
                    f"C{_column(header, index)[1:]} and {_column(header, first[field])} are both chosen as "
                    f"{HEADERS[field]}. Choose it for one column only.",
                )
            )
        else:
            first[field] = index
    for field in REQUIRED:
        if field not in first:
            problems.append((None, f"Choose the column that holds {HEADERS[field]}: every file needs one."))
    return problems


def file_columns(raw: bytes) -> tuple[list[Column], list[int | None]]:
    """The columns of a Moodle CSV file and the field each heading names, for the mapping step."""
    table = read_csv(decode_text(raw, what="Moodle CSV file"), what="Moodle CSV file")
    return _columns(table), _suggested(table.header)


# Export ---------------------------------------------------------------------------------------------------


def _description(competence) -> str:
    if not (competence.knowledge or competence.nos_code):
        return competence.performance
    parts = [f"{PERFORMANCE}\n{competence.performance}", f"{KNOWLEDGE}\n{competence.knowledge}"]
    if competence.nos_code:
        parts.append(f"{NOS} {competence.nos_code}")
    return "\n\n".join(parts)


def _split(description: str) -> tuple[str, str, str]:
    pieces = SECTIONS.split(description)
    if len(pieces) == 1:
        return description.strip(), "", ""
    found = {pieces[i]: pieces[i + 1].strip() for i in range(1, len(pieces) - 1, 2)}
    return found.get(PERFORMANCE, ""), found.get(KNOWLEDGE, ""), found.get(NOS, "")


def _scale_configuration(data: FrameworkData, scale) -> str:
    if not scale:
        return ""
    kept = data.extra.get("moodle", {})
    default = kept.get("scale_default")
    if default not in {s.label for s in scale}:
        default = next((s.label for s in scale if s.is_proficient), scale[0].label)
    config = [{"scaleid": str(kept.get("scale_id", "0"))}]
    config += [
        {"id": i, "scaledefault": int(s.label == default), "proficient": int(s.is_proficient)}
        for i, s in enumerate(scale, 1)
        if s.is_proficient or s.label == default
    ]
    return json.dumps(config, separators=(",", ":"))


def _row(parent, code, name, description, extra, export_id) -> list:
    kept = extra.get("moodle", {})
    return [
        parent,
        code,
        name,
        description,
        kept.get("description_format", FORMAT_PLAIN),
        kept.get("scale_values", ""),
        kept.get("scale_configuration", ""),
        kept.get("rule_type", ""),
        kept.get("rule_outcome", ""),
        kept.get("rule_config", "null"),
        ",".join(related.replace(",", "%2C") for related in kept.get("related", [])),
        export_id,
        0,
        "",
    ]


def export(data: FrameworkData) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    scale = sorted(data.scale, key=lambda s: s.value)
    kept = data.extra.get("moodle", {})
    rows = [
        [
            "",
            data.identifier or data.slug or slugify(data.name),
            data.name,
            data.description,
            kept.get("description_format", FORMAT_PLAIN),
            ",".join(s.label.replace(",", " ") for s in scale),
            _scale_configuration(data, scale),
            "",
            "",
            "",
            "",
            "",
            1,
            kept.get("taxonomy", TAXONOMY),
        ]
    ]
    # Exported IDs from Moodle are kept, because rule configurations refer to competencies by them; rows
    # without one are numbered after the highest kept.
    used = {
        int(row.extra["moodle"]["export_id"])
        for row in (*data.domains, *data.competences)
        if str(row.extra.get("moodle", {}).get("export_id", "")).isdigit()
    }
    next_id = max(used, default=0)

    def export_id(row):
        nonlocal next_id
        value = str(row.extra.get("moodle", {}).get("export_id", ""))
        if value.isdigit():
            return int(value)
        next_id += 1
        return next_id

    competence_codes = {c.code for c in data.competences}
    # Domains and competences have codes of their own; in Moodle they share one list of ID numbers, so a
    # domain whose code is also a competence's is written with a prefix (never a row that is its own parent).
    domain_ids = {d.code: (DOMAIN_PREFIX + d.code if d.code in competence_codes else d.code) for d in data.domains}
    for domain in data.domains:
        rows.append(
            _row("", domain_ids[domain.code], domain.name, domain.description or "", domain.extra, export_id(domain))
        )
    for competence in data.competences:
        rows.append(
            _row(
                competence.parent or domain_ids.get(competence.domain, competence.domain),
                competence.code,
                competence.title,
                _description(competence),
                competence.extra,
                export_id(competence),
            )
        )
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


# Import ---------------------------------------------------------------------------------------------------


def _column(header, index):
    return where(0, index, header).removeprefix("row 0, ")


def parse(raw: bytes, mapping: list[int | None] | None = None) -> FrameworkData:
    """Read a Moodle file by position, or with ``mapping`` (for each column of the file, the Moodle field it
    holds, or None to leave it out). A file that cannot be read safely by position raises ColumnsNeeded."""
    text = decode_text(raw, what="Moodle CSV file")
    table = read_csv(text, what="Moodle CSV file")
    header = table.header
    rows = [(n, [unsafe_cell(v) for v in values]) for n, values in table.rows]
    if mapping is not None:
        return _read_mapped(table, rows, mapping)
    if len(header) < len(HEADERS):
        problem = Problem(
            "row 1",
            f"the file has {len(header)} columns, and a Moodle competency framework file has "
            f"{len(HEADERS)}. Moodle reads them in this order: {', '.join(HEADERS)}. Export the "
            "framework from Moodle again (Site administration, Competencies, Export competency "
            "framework), or add the missing columns in that order.",
        )
        if len(header) < len(REQUIRED):
            raise FileProblems([problem])
        raise ColumnsNeeded([problem], _columns(table), _suggested(header))
    if header_recognised(header):
        return _read(header, rows)
    suggested = _suggested(header)
    if sorted(f for f in suggested if f is not None) == list(range(len(HEADERS))) and suggested[: len(HEADERS)] != list(
        range(len(HEADERS))
    ):
        # Every heading names one of Moodle's fields, but not in Moodle's order: position and heading disagree.
        raise ColumnsNeeded(
            [
                Problem(
                    "row 1",
                    "the header names Moodle's columns in another order than Moodle reads them, so it is not "
                    f"clear which to follow. Moodle's order is: {', '.join(HEADERS)}. Put the columns in this "
                    "order and choose the file again.",
                )
            ],
            _columns(table),
            suggested,
        )
    flags = [(n, v[IS_FRAMEWORK].strip().lower()) for n, v in rows]
    wrong = next(((n, flag) for n, flag in flags if flag not in FLAGS), None)
    if wrong or sum(flag in TRUE for _, flag in flags) != 1:
        shown = f" (row {wrong[0]} has '{wrong[1]}')" if wrong else ""
        raise ColumnsNeeded(
            [
                Problem(
                    "row 1",
                    "the columns are not in the order Moodle uses, so they cannot be read safely: "
                    f"{_column(header, IS_FRAMEWORK)} should be Is framework, holding 1 on the framework's "
                    f"row and 0 on every other row{shown}. Moodle's order is: {', '.join(HEADERS)}. Put the "
                    "columns in this order and choose the file again.",
                )
            ],
            _columns(table),
            suggested,
        )
    return _read(header, rows)


def _read_mapped(table, rows, mapping) -> FrameworkData:
    header = table.header
    if len(mapping) != len(header) or any(f is not None and f not in range(len(HEADERS)) for f in mapping):
        raise FileProblems([Problem("", "The choice of columns does not fit this file. Choose the file again.")])
    problems = mapping_problems(mapping, header)
    if problems:
        raise FileProblems([Problem("" if c is None else _column(header, c), message) for c, message in problems])
    at = [mapping.index(field) if field in mapping else -1 for field in range(len(HEADERS))]
    mapped = [(n, [values[c] if c >= 0 else "" for c in at]) for n, values in rows]
    # Problems name the file's own columns, not Moodle's positions.
    named = [header[c] if c >= 0 else HEADERS[field] for field, c in enumerate(at)]
    return _read(named, mapped, at)


def _read(header, rows, at=None) -> FrameworkData:
    """``at`` gives, for each Moodle field, the file column it came from (-1 for none); by position if None."""
    where = _locator(at)
    data, problems = FrameworkData(), []
    framework_row = None
    parents: dict[str, str] = {}
    seen: dict[str, int] = {}
    competency_rows = []
    for number, values in rows:
        if values[IS_FRAMEWORK].strip().lower() in TRUE:
            if framework_row is not None:
                problems.append(
                    Problem(
                        where(number, IS_FRAMEWORK, header),
                        f"a second framework row (the first is row {framework_row}); a file holds one framework",
                    )
                )
                continue
            framework_row = number
            _read_framework(values, data, number, header, problems, where)
            continue
        code = values[IDNUMBER].strip()
        if not code:
            problems.append(Problem(where(number, IDNUMBER, header), "the ID number is missing; Moodle needs one"))
            continue
        if code in seen:
            problems.append(
                Problem(where(number, IDNUMBER, header), f"the ID number {code} is also used on row {seen[code]}")
            )
            continue
        seen[code] = number
        parents[code] = values[PARENT].strip()
        competency_rows.append((number, code, values))
    if framework_row is None:
        problems.append(Problem("", "The file has no framework row (a row with 1 in the Is framework column)."))

    for number, code, _values in competency_rows:
        parent = parents[code]
        if parent and parent not in parents:
            problems.append(
                Problem(
                    f"{where(number, PARENT, header)} ({code})",
                    f"the parent ID number {parent} is not the ID number of any row in the file. ID numbers "
                    "must match exactly, capital letters included: correct it, or add the parent's row.",
                )
            )
        elif _loops(code, parents):
            problems.append(
                Problem(
                    f"{where(number, PARENT, header)} ({code})",
                    f"{code} sits inside itself through its parents ({' → '.join(_chain(code, parents))}). "
                    "Change one of these parent ID numbers.",
                )
            )
    if problems:
        raise FileProblems(problems)

    # Rule configurations name competencies by their exported ID, so those are kept when any rule is.
    keep_export_ids = any(values[RULE_CONFIG].strip() not in ("", "null") for _, _, values in competency_rows)
    for number, code, values in competency_rows:
        label = f"row {number} ({code})"
        parent = parents[code]
        description, extra = _description_and_extra(values, number, header, problems, keep_export_ids, where)
        if not parent:
            if code.startswith(DOMAIN_PREFIX) and code.removeprefix(DOMAIN_PREFIX) in parents:
                code = code.removeprefix(DOMAIN_PREFIX)
            data.domains.append(DomainRow(code, values[SHORTNAME].strip(), description, label, extra))
            continue
        domain = _root(code, parents)
        if extra.get("moodle", {}).get("description_format") == HTML_FORMAT:
            performance, knowledge, nos = description, "", ""
        else:
            performance, knowledge, nos = _split(description)
        data.competences.append(
            CompetenceRow(
                code,
                values[SHORTNAME].strip(),
                domain.removeprefix(DOMAIN_PREFIX) if domain.removeprefix(DOMAIN_PREFIX) in parents else domain,
                "" if parent == domain else parent,
                performance,
                knowledge,
                nos,
                label,
                extra,
            )
        )
    if problems:
        raise FileProblems(problems)
    return data


def _description_and_extra(values, number, header, problems, keep_export_ids=False, where=where):
    kept: dict = {}
    fmt = values[FORMAT].strip() or str(FORMAT_PLAIN)
    if not fmt.isdigit():
        problems.append(
            Problem(
                where(number, FORMAT, header),
                f"'{fmt}' is not a description format; Moodle writes 0, 1 (HTML), 2 (plain text) or 4 (Markdown)",
            )
        )
        fmt = str(FORMAT_PLAIN)
    if int(fmt) != FORMAT_PLAIN:
        kept["description_format"] = int(fmt)
    description = values[DESCRIPTION]
    if kept.get("description_format") == HTML_FORMAT:
        description = nh3.clean(description)
    for key, column in (
        ("scale_values", SCALE),
        ("scale_configuration", SCALE_CONFIG),
        ("rule_type", RULE_TYPE),
        ("rule_outcome", RULE_OUTCOME),
    ):
        if values[column].strip():
            kept[key] = values[column].strip()
    if values[RULE_CONFIG].strip() not in ("", "null"):
        kept["rule_config"] = values[RULE_CONFIG].strip()
    related = [part.replace("%2C", ",") for part in values[RELATED].split(",") if part.strip()]
    if related:
        kept["related"] = related
    if values[EXPORT_ID].strip() and keep_export_ids:
        kept["export_id"] = values[EXPORT_ID].strip()
    return description.strip(), ({"moodle": kept} if kept else {})


def _locator(at):
    """``where`` for a row and a Moodle field, naming the file's column that field came from."""
    if at is None:
        return where

    def locate(row, field, header=None):
        column = at[field]
        if column < 0:
            return f"row {row} ({HEADERS[field]})"
        text = f"row {row}, column {column_letter(column)}"
        return text + (f" ({header[field]})" if header and header[field] else "")

    return locate


def _chain(code: str, parents: dict[str, str]) -> list[str]:
    chain, current = [code], parents.get(code, "")
    while current and current not in chain:
        chain.append(current)
        current = parents.get(current, "")
    return [*chain, current]


def _loops(code: str, parents: dict[str, str]) -> bool:
    seen, current = {code}, parents.get(code, "")
    while current:
        if current in seen:
            return current == code
        seen.add(current)
        current = parents.get(current, "")
    return False


def _root(code: str, parents: dict[str, str]) -> str:
    """The top of a competency's tree, which is its domain (the tree has been checked for loops)."""
    current = code
    while parents.get(current):
        current = parents[current]
    return current


def _read_framework(values, data, number, header, problems, where=where):
    data.identifier = values[IDNUMBER].strip()
    data.slug = slugify(data.identifier)[:200] or slugify(values[SHORTNAME])[:200]
    data.name = values[SHORTNAME].strip()
    description, extra = _description_and_extra(values, number, header, problems, where=where)
    data.description = description
    kept = {k: v for k, v in extra.get("moodle", {}).items() if k == "description_format"}
    if values[TAXONOMY_COLUMN].strip():
        kept["taxonomy"] = values[TAXONOMY_COLUMN].strip()
    labels = [label.strip() for label in values[SCALE].split(",") if label.strip()]
    proficient: set[int] = set()
    default = None
    if values[SCALE_CONFIG].strip():
        try:
            config = json.loads(values[SCALE_CONFIG])
            if str(config[0].get("scaleid", "0")) not in ("", "0"):
                kept["scale_id"] = str(config[0]["scaleid"])
            for item in config[1:]:
                if int(item.get("proficient", 0)):
                    proficient.add(int(item["id"]))
                if int(item.get("scaledefault", 0)):
                    default = int(item["id"])
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            problems.append(
                Problem(
                    where(number, SCALE_CONFIG, header),
                    "the scale configuration is not the JSON Moodle writes, for example "
                    '[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1}]',
                )
            )
    if any(i > len(labels) or i < 1 for i in proficient | ({default} if default else set())):
        problems.append(
            Problem(
                where(number, SCALE_CONFIG, header),
                f"the scale configuration refers to a scale value that is not among the {len(labels)} in the scale",
            )
        )
    elif default:
        kept["scale_default"] = labels[default - 1]
    data.extra = {"moodle": kept} if kept else {}
    # Moodle's scales have no descriptors: None leaves those already in a draft as they are.
    data.scale = [
        ScaleRow(i - 1, label, None, i in proficient, f"row {number}, scale value {label}")
        for i, label in enumerate(labels, 1)
    ]
