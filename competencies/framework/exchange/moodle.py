"""Moodle's competency framework CSV, as written and read by its tool_lpimportcsv plugin.

Fourteen columns. The first data row describes the framework (Is framework = 1) with its scale and scale
configuration and its taxonomy; every other row is a competency placed in the tree by its parent's ID
number. Here the top level of the tree is the framework's domains and everything below is competences.
Moodle has one description per competency, so the two parts of a competence and its NOS code are written
into it under headings, and read back from those headings.
"""

import csv
import io
import json
import re

from django.utils.text import slugify

from competencies.framework.exchange.files import decode_text
from competencies.framework.exchange.structure import (
    CompetenceRow,
    DomainRow,
    FileProblems,
    FrameworkData,
    Problem,
    ScaleRow,
)
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
FORMAT_PLAIN = 2
TAXONOMY = "domain,competency,indicator,indicator"
PERFORMANCE, KNOWLEDGE, NOS = "What the person does:", "What they need to know and understand:", "NOS:"
SECTIONS = re.compile(rf"^({re.escape(PERFORMANCE)}|{re.escape(KNOWLEDGE)}|{re.escape(NOS)})[ \t]*", re.MULTILINE)


def _description(competence) -> str:
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


def export(data: FrameworkData) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    scale = sorted(data.scale, key=lambda s: s.value)
    default = next((i for i, s in enumerate(scale, 1) if s.is_proficient), 1)
    config = [
        {"scaleid": "0"},
        *(
            {"id": i, "scaledefault": int(i == default), "proficient": int(s.is_proficient)}
            for i, s in enumerate(scale, 1)
        ),
    ]
    rows = [
        [
            "",
            data.slug or slugify(data.name),
            data.name,
            data.description,
            FORMAT_PLAIN,
            ",".join(s.label.replace(",", " ") for s in scale),
            json.dumps(config),
            "",
            "",
            "",
            "",
            "",
            1,
            TAXONOMY,
        ]
    ]
    export_id = 0
    for domain in data.domains:
        export_id += 1
        rows.append(
            [
                "",
                domain.code,
                domain.name,
                domain.description or "",
                FORMAT_PLAIN,
                "",
                "",
                "",
                "",
                "null",
                "",
                export_id,
                0,
                "",
            ]
        )
    for competence in data.competences:
        export_id += 1
        rows.append(
            [
                competence.parent or competence.domain,
                competence.code,
                competence.title,
                _description(competence),
                FORMAT_PLAIN,
                "",
                "",
                "",
                "",
                "null",
                "",
                export_id,
                0,
                "",
            ]
        )
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


def parse(raw: bytes) -> FrameworkData:
    text = decode_text(raw, what="Moodle CSV file")
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error):
        raise FileProblems([Problem("", "This file cannot be read as CSV.")]) from None
    if len(header) != len(HEADERS) or [h.lower() for h in header] != [h.lower() for h in HEADERS]:
        raise FileProblems(
            [
                Problem(
                    "row 1",
                    "the columns are not Moodle's fourteen competency framework columns, "
                    f"in order: {', '.join(HEADERS)}",
                )
            ]
        )
    data, problems = FrameworkData(), []
    framework_seen = False
    parents: dict[str, str] = {}
    rows: list[tuple[str, list[str]]] = []
    try:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            values = [unsafe_cell(v.strip()) for v in values] + [""] * (len(HEADERS) - len(values))
            where = f"row {number}"
            if values[12] in ("1", "true"):
                if framework_seen:
                    problems.append(Problem(where, "a second framework row; a file holds one framework"))
                framework_seen = True
                _read_framework(values, data, where, problems)
            else:
                parents[values[1]] = values[0]
                rows.append((where, values))
    except csv.Error as error:
        raise FileProblems([Problem("", f"This file cannot be read as CSV ({error}).")]) from None
    if not framework_seen:
        problems.append(Problem("", "The file has no framework row (a row with Is framework set to 1)."))
    for where, values in rows:
        parent, code, name, description = values[0], values[1], values[2], values[3]
        if not parent:
            data.domains.append(DomainRow(code, name, description, f"{where} ({code})"))
            continue
        domain = _root(code, parents)
        performance, knowledge, nos = _split(description)
        data.competences.append(
            CompetenceRow(
                code,
                name,
                domain,
                "" if parent == domain else parent,
                performance,
                knowledge,
                nos,
                f"{where} ({code})",
            )
        )
    if problems:
        raise FileProblems(problems)
    return data


def _root(code: str, parents: dict[str, str]) -> str:
    """The top of a competency's tree, which is its domain; a loop or a missing parent gives the nearest
    parent, so that validation names the real problem."""
    seen, current = {code}, parents.get(code, "")
    while current and parents.get(current):
        if current in seen:
            return ""
        seen.add(current)
        current = parents[current]
    return current


def _read_framework(values, data, where, problems):
    data.slug, data.name, data.description = slugify(values[1])[:200], values[2], values[3]
    labels = [label.strip() for label in values[5].split(",") if label.strip()]
    if not labels:
        problems.append(Problem(where, "the framework has no scale values"))
        return
    proficient: set[int] = set()
    if values[6]:
        try:
            config = json.loads(values[6])
            proficient = {int(item["id"]) for item in config[1:] if int(item.get("proficient", 0))}
        except (ValueError, TypeError, KeyError, IndexError):
            problems.append(Problem(where, "the scale configuration is not the JSON Moodle writes"))
    if any(i > len(labels) for i in proficient):
        problems.append(Problem(where, "the scale configuration refers to a scale value that is not in the scale"))
    # Moodle's scales have no descriptors: None leaves those already in a draft as they are.
    data.scale = [
        ScaleRow(i - 1, label, None, i in proficient, f"{where}, scale value {label}")
        for i, label in enumerate(labels, 1)
    ]
