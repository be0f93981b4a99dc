"""Moodle competency framework files from Moodle itself (older wording, other languages), read by position
and written back with everything Moodle had: rules, cross-references, scales, description formats."""

import csv
import io
from pathlib import Path

import pytest

from competencies.framework import services
from competencies.framework.exchange import moodle
from competencies.framework.exchange.formats import parse_upload
from competencies.framework.exchange.structure import (
    CompetenceRow,
    DomainRow,
    FileProblems,
    FrameworkData,
)
from competencies.framework.selectors import framework_data, import_preview
from competencies.models import Competence, CompetenceDomain, Framework, FrameworkVersion

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
HEADER = ",".join(f'"{h}"' for h in moodle.HEADERS)
FRAMEWORK_ROW = ',fw,Framework,,2,"A,B","[{""scaleid"":""0""},{""id"":2,""scaledefault"":1,""proficient"":1}]",,,,,,1,'


def _read(name: str):
    return parse_upload(raw=(FILES / name).read_bytes(), filename=name, fmt="moodle")


def _problems(raw: bytes) -> str:
    with pytest.raises(FileProblems) as refused:
        parse_upload(raw=raw, filename="m.csv", fmt="moodle")
    return " | ".join(str(p) for p in refused.value.problems)


def _rows(raw: bytes) -> dict[str, list[str]]:
    return {row[1]: row for row in list(csv.reader(io.StringIO(raw.decode())))[1:]}


def test_an_older_moodle_header_is_read_and_nothing_is_lost():
    data = _read("moodle_older_wording.csv")
    assert (data.identifier, data.name, data.slug) == ("OECD-Core", "OECD", "oecd-core")
    assert "<script>" not in data.description and "Core Competencies summarise" in data.description
    assert [(s.label, s.is_proficient) for s in data.scale] == [("Not yet competent", False), ("Competent", True)]
    assert data.extra["moodle"] == {
        "description_format": 1,
        "taxonomy": "competency,competency,competency,competency",
        "scale_id": "2",
        "scale_default": "Competent",
    }
    assert [d.code for d in data.domains] == ["levels", "competencies"]
    by_code = {c.code: c for c in data.competences}
    assert by_code["DR-AT1"].domain == "competencies" and by_code["DR-AT1"].parent == "delivery"
    assert by_code["delivery"].extra["moodle"] == {
        "description_format": 1,
        "scale_values": "Bad,Good",
        "scale_configuration": '[{"scaleid":"5"},{"id":1,"scaledefault":1,"proficient":0},'
        '{"id":2,"scaledefault":0,"proficient":1}]',
        "rule_type": "core_competency\\competency_rule_points",
        "rule_outcome": "2",
        "rule_config": '{"base":{"points":2},"competencies":[{"id":26,"points":1,"required":1},'
        '{"id":27,"points":1,"required":0}]}',
        "export_id": "8",
    }
    assert by_code["DR-AT-2"].extra["moodle"]["related"] == ["level-1", "DR-AT1"]
    assert "onclick" not in by_code["level-1"].performance and "<b>assistants</b>" in by_code["level-1"].performance


@pytest.mark.parametrize("name", ["moodle_french.csv", "moodle_unknown_language.csv"])
def test_a_header_in_another_language_is_read_by_position(name):
    assert _read(name) == _read("moodle_older_wording.csv")


def test_columns_in_another_order_are_refused_naming_the_column_to_check():
    text = (FILES / "moodle_unknown_language.csv").read_text()
    out = io.StringIO()
    csv.writer(out).writerows([*row[:11], row[12], row[11], row[13]] for row in csv.reader(io.StringIO(text)))
    message = _problems(out.getvalue().encode())
    assert "row 1: the columns are not in the order Moodle uses" in message
    assert "cannot be read safely: column M (Colofn 12) should be Is framework" in message


def test_moodle_to_here_to_moodle_gives_back_every_cell():
    raw = (FILES / "moodle_older_wording.csv").read_bytes()
    version = services.framework_file_import(data=parse_upload(raw=raw, filename="m.csv", fmt="moodle"), into=None)
    assert Framework.objects.get().identifier == "OECD-Core"
    again = moodle.export(framework_data(version))
    before, after = _rows(raw), _rows(again)
    assert set(after) == set(before)
    for idnumber, row in before.items():
        expected = list(row)
        if expected[4] == "1":  # HTML is cleaned of scripts and event handlers, and nothing else
            expected[3] = expected[3].replace("<script>alert(1)</script>", "").replace(' onclick="steal()"', "")
        if expected[12] == "":
            expected[12] = "0"
        assert after[idnumber] == expected, idnumber


def test_reimporting_finds_the_framework_by_its_exact_id_number():
    raw = (FILES / "moodle_older_wording.csv").read_bytes()
    services.framework_file_import(data=parse_upload(raw=raw, filename="m.csv", fmt="moodle"), into=None)
    Framework.objects.update(name="Renamed here", slug="renamed-here")
    data = parse_upload(raw=raw, filename="m.csv", fmt="moodle")
    preview = import_preview(data=data, into=None)
    assert preview.target == "A new draft version (2) of Renamed here, the framework with the same ID number"
    version = services.framework_file_import(data=data, into=None)
    assert (version.framework.name, version.number) == ("Renamed here", 2)


def test_a_new_id_number_with_a_known_name_says_where_it_goes_and_goes_there():
    services.framework_file_import(data=_read("moodle_older_wording.csv"), into=None)
    data = _read("moodle_older_wording.csv")
    data.identifier, data.slug = "OECD-2026", "oecd-2026"
    preview = import_preview(data=data, into=None)
    assert preview.target == "A new draft version (2) of OECD, the framework with the same name"
    assert services.framework_file_import(data=data, into=None).framework == Framework.objects.get()


def test_html_descriptions_are_shown_safely_and_other_formats_as_text():
    services.framework_file_import(data=_read("moodle_older_wording.csv"), into=None)
    html = str(Competence.objects.get(code="level-1").performance_html)
    assert "<b>assistants</b>" in html and "onclick" not in html
    markdown = Competence.objects.get(code="DR-AT-2")
    markdown.performance = "<i>not markup</i>"
    assert "&lt;i&gt;not markup&lt;/i&gt;" in str(markdown.performance_html)
    assert "<script>" not in str(CompetenceDomain.objects.get(code="levels").description_html)


def _framework(**changes) -> FrameworkData:
    data = FrameworkData(name="Small", slug="small")
    data.domains = [DomainRow("ENG", "Engaging")]
    data.competences = [CompetenceRow("ENG-1", "Listen", "ENG", "", "Listen well.")]
    for name, value in changes.items():
        setattr(data, name, value)
    return data


def test_a_framework_without_a_scale_round_trips():
    version = services.framework_import(data=_framework())
    raw = moodle.export(framework_data(version))
    again = parse_upload(raw=raw, filename="m.csv", fmt="moodle")
    assert again.scale == [] and [c.code for c in again.competences] == ["ENG-1"]
    assert again.competences[0].performance == "Listen well."  # no headings added


def test_a_domain_and_competence_sharing_a_code_never_make_a_row_its_own_parent():
    data = _framework(competences=[CompetenceRow("ENG", "Engage", "ENG", "", "Engage people.")])
    raw = moodle.export(data)
    assert all(row[0] != row[1] for row in _rows(raw).values())
    again = parse_upload(raw=raw, filename="m.csv", fmt="moodle")
    assert [(d.code for d in again.domains)] and [d.code for d in again.domains] == ["ENG"]
    assert [(c.code, c.domain, c.parent) for c in again.competences] == [("ENG", "ENG", "")]


# Files that are cut, misshapen or wrong are refused whole, naming the row and column ----------------------


def test_a_file_cut_off_inside_a_quoted_cell_is_refused_and_nothing_saved():
    raw = (FILES / "moodle_older_wording.csv").read_bytes()
    cut = raw[: raw.index(b"Distinguishes between critical and irrelevant<br>") + 20]
    message = _problems(cut)
    assert "row 7, column D (Description): a cell opens a quote mark" in message
    assert "never closed, so the file was cut off" in message
    assert not FrameworkVersion.objects.exists()


def test_a_semicolon_separated_file_is_refused_saying_how_to_save_it():
    raw = HEADER.replace(",", ";") + "\n" + FRAMEWORK_ROW.replace(",", ";") + "\n"
    assert "separated by semicolons, not commas" in _problems(raw.encode())


def test_a_short_row_is_refused_naming_where_it_stops():
    raw = f"{HEADER}\n{FRAMEWORK_ROW}\n,D1,Domain,,2\n"
    message = _problems(raw.encode())
    assert "row 3, column F (Scale values): the row stops after 5 of the header's 14 columns" in message


def test_a_file_in_a_windows_encoding_is_refused_naming_the_line():
    raw = f"{HEADER}\n{FRAMEWORK_ROW}\n,D1,Café,,2,,,,,,,,0,\n".encode("cp1252")
    message = _problems(raw)
    assert "line 3, character 8: the Moodle CSV file is not saved as UTF-8 text" in message
    assert "CSV UTF-8" in message


def test_an_id_number_too_long_for_the_database_is_refused_before_saving():
    long = "X" * 80
    raw = f"{HEADER}\n{FRAMEWORK_ROW}\n,D1,Domain,,2,,,,,,,,0,\nD1,{long},One,,2,,,,,,,,0,\n".encode()
    data = parse_upload(raw=raw, filename="m.csv", fmt="moodle")
    preview = import_preview(data=data, into=None)
    assert [str(p) for p in preview.problems] == [
        f"row 4 ({long}): the code is 80 characters long, and can be at most 50. "
        "Shorten it in the file and choose the file again."
    ]
    with pytest.raises(FileProblems):
        services.framework_file_import(data=data, into=None)
    assert not Framework.objects.exists()


def test_a_row_without_an_id_number_or_with_a_repeated_one_is_named():
    raw = f"{HEADER}\n{FRAMEWORK_ROW}\n,D1,Domain,,2,,,,,,,,0,\nD1,,One,,2,,,,,,,,0,\nD1,D1,Two,,2,,,,,,,,0,\n"
    message = _problems(raw.encode())
    assert "row 4, column B (ID number): the ID number is missing" in message
    assert "row 5, column B (ID number): the ID number D1 is also used on row 3" in message
