"""Import and export: every format round-trips, and every kind of bad file is refused with nothing saved."""

import codecs
import dataclasses
import json

import pytest

from competencies.framework import services
from competencies.framework.exchange import case, moodle, spreadsheet
from competencies.framework.exchange.files import MAX_BYTES
from competencies.framework.exchange.formats import FORMATS, parse_upload
from competencies.framework.exchange.structure import FileProblems
from competencies.framework.selectors import framework_data, import_preview
from competencies.models import (
    CareerLevel,
    Competence,
    CompetenceDomain,
    Expectation,
    Framework,
    FrameworkVersion,
    Role,
    RoleProfile,
    ScaleValue,
    ServiceArea,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped():
    return services.framework_load_shipped()[0]


def _empty_database():
    for model in (
        Expectation,
        Competence,
        CompetenceDomain,
        RoleProfile,
        Role,
        CareerLevel,
        ServiceArea,
        ScaleValue,
        FrameworkVersion,
        Framework,
    ):
        model.objects.all().delete()


def _round_trip(version, fmt, filename):
    before = framework_data(version)
    raw = FORMATS[fmt].export(before)
    _empty_database()
    imported = services.framework_file_import(data=parse_upload(raw=raw, filename=filename, fmt=fmt), into=None)
    return before, framework_data(imported), imported


@pytest.mark.parametrize(("fmt", "filename"), [("xlsx", "f.xlsx"), ("case", "f.json"), ("native", "f.json")])
def test_whole_framework_round_trips_into_an_empty_database(shipped, fmt, filename):
    before, after, imported = _round_trip(shipped, fmt, filename)
    assert imported.status == FrameworkVersion.Status.DRAFT
    # A version's status and when it changed belong to the version, not to the file.
    assert dataclasses.replace(after, status="", changed_at="") == dataclasses.replace(before, status="", changed_at="")


def test_moodle_csv_round_trips_the_tree_and_the_scale(shipped):
    before, after, _ = _round_trip(shipped, "moodle", "framework.csv")
    assert (after.name, after.slug, after.description) == (before.name, before.slug, before.description)
    assert after.domains == before.domains
    assert after.competences == before.competences
    assert [(s.value, s.label, s.is_proficient) for s in after.scale] == [
        (s.value, s.label, s.is_proficient) for s in before.scale
    ]


def test_moodle_export_has_the_fourteen_columns_and_a_framework_row(shipped):
    lines = moodle.export(framework_data(shipped)).decode().splitlines()
    assert lines[0].split(",") == moodle.HEADERS
    framework_row = lines[1]
    assert "Not yet,Developing,Competent,Proficient,Expert" in framework_row
    assert '""proficient"":1' in framework_row and framework_row.endswith(',1,"domain,competency,indicator,indicator"')
    assert any(line.startswith("LD-RSK-02,LD-RSK-02A,") for line in lines)


def test_case_package_has_items_child_associations_and_item_types(shipped):
    package = json.loads(case.export(framework_data(shipped)))
    assert package["CFDocument"]["title"] == "L&D Workforce Career and Competency Framework"
    kinds = {item["CFItemType"] for item in package["CFItems"]}
    assert kinds == {"Domain", "Competence"}
    assert {a["associationType"] for a in package["CFAssociations"]} == {"isChildOf"}
    assert len(package["CFAssociations"]) == len(package["CFItems"])
    assert [t["title"] for t in package["CFDefinitions"]["CFItemTypes"]] == ["Domain", "Competence"]
    levels = package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"]
    assert [level["quality"] for level in levels] == ["Not yet", "Developing", "Competent", "Proficient", "Expert"]


def test_case_package_from_elsewhere_gives_domains_and_competences(shipped):
    package = json.loads(case.export(framework_data(shipped)))
    del package["extensions"]
    for item in package["CFItems"]:
        item.pop("extensions", None)
    data = case.parse(json.dumps(package).encode())
    assert len(data.domains) == 8 and len(data.competences) == 53
    # Our title is CASE's abbreviatedStatement; what the person does is its fullStatement.
    assert data.competences[0].title == "Build trust with a person at a point of crisis"
    assert data.competences[0].performance.startswith("Introduces themselves and their role plainly")


def test_csv_reimport_updates_competences_in_place_matched_on_code(shipped):
    draft = services.framework_version_copy(version=shipped)
    data = framework_data(draft)
    raw = spreadsheet.export(data, "csv").decode("utf-8-sig")
    raw = raw.replace("Build trust with a person at a point of crisis", "Build trust with someone in crisis")
    raw = raw.replace("Developing, optional", "Competent, core", 1)
    pk = Competence.objects.get(version=draft, code="LD-ENG-01").pk
    count = Competence.objects.count()
    services.framework_file_import(data=parse_upload(raw=raw.encode(), filename="c.csv", fmt="csv"), into=draft)
    assert Competence.objects.get(pk=pk).title == "Build trust with someone in crisis"
    assert Competence.objects.count() == count
    assert CompetenceDomain.objects.get(version=draft, code="ENG").description  # left as it was


def test_preview_tells_new_changed_and_unchanged_competences_apart(shipped):
    draft = services.framework_version_copy(version=shipped)
    raw = spreadsheet.export(framework_data(draft), "csv").decode("utf-8-sig")
    same = import_preview(data=parse_upload(raw=raw.encode(), filename="c.csv", fmt="csv"), into=draft)
    assert (same.new_competences, same.changed_competences, len(same.unchanged_competences)) == ([], [], 53)

    line = next(line for line in raw.splitlines() if "Developing, optional" in line)
    code = line.split(",")[2]
    raw = raw.replace(line, line.replace("Developing, optional", "Competent, core", 1))
    raw = raw.replace("Build trust with a person at a point of crisis", "Build trust with someone in crisis")
    data = parse_upload(raw=raw.encode(), filename="c.csv", fmt="csv")
    preview = import_preview(data=data, into=draft)
    assert preview.changed_competences == sorted({"LD-ENG-01", code}, key=[c.code for c in data.competences].index)
    assert len(preview.unchanged_competences) == 53 - len(preview.changed_competences)

    services.framework_file_import(data=data, into=draft)
    again = import_preview(data=data, into=draft)
    assert (again.changed_competences, len(again.unchanged_competences)) == ([], 53)


def test_a_workbook_cell_that_cannot_be_read_is_named_by_sheet_row_and_column(shipped):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheet.export(framework_data(shipped), "xlsx")))
    workbook["Career levels"]["A3"] = "two"
    workbook["Role profiles"]["D2"] = 2.5
    workbook["Competences"]["I2"] = "Competent, maybe"
    workbook["Scale"].append([None, None, None, None])  # a blank row is passed over
    out = io.BytesIO()
    workbook.save(out)
    with pytest.raises(FileProblems) as refused:
        spreadsheet.parse(out.getvalue(), "xlsx")
    assert [str(p) for p in refused.value.problems] == [
        "Career levels row 3, column Level: 'two' is not a whole number",
        "Role profiles row 2, column Level: '2.5' is not a whole number",
        "row 2, column peer-support-volunteer: 'Competent, maybe' should be a scale value then core or optional, "
        "for example 'Competent, core'",
    ]


def test_numbers_stay_numbers_in_the_workbook(shipped):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheet.export(framework_data(shipped), "xlsx")))
    assert [row[0].value for row in workbook["Career levels"].iter_rows(min_row=2)] == list(range(1, 10))
    assert workbook["Scale"]["D2"].value == "No"


def test_spreadsheet_template_has_a_column_per_role_profile(shipped):
    data = framework_data(shipped)
    header = spreadsheet.template([p.code for p in data.profiles], "csv").decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Domain code,Domain name,Code,Parent code,Title,")
    assert header.endswith("service-manager,strategic-manager")


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "moodle"])
def test_cells_that_could_run_as_formulas_are_made_safe_and_read_back_the_same(shipped, fmt):
    draft = services.framework_version_copy(version=shipped)
    Competence.objects.filter(version=draft, code="LD-ENG-01").update(
        title='=HYPERLINK("http://x")', knowledge="+1 @risk -now"
    )
    raw = FORMATS[fmt].export(framework_data(draft))
    if fmt != "xlsx":
        text = raw.decode("utf-8-sig")
        assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    data = FORMATS[fmt].parse(raw)
    competence = next(c for c in data.competences if c.code == "LD-ENG-01")
    assert competence.title == '=HYPERLINK("http://x")'


def test_xlsx_cells_are_text_not_formulas(shipped):
    import io

    import openpyxl

    draft = services.framework_version_copy(version=shipped)
    Competence.objects.filter(version=draft, code="LD-ENG-01").update(title="=1+1")
    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheet.export(framework_data(draft), "xlsx")))
    titles = [row[4].value for row in workbook["Competences"].iter_rows(min_row=2)]
    assert "'=1+1" in titles
    assert not any(isinstance(t, str) and t.startswith("=") for t in titles)


# Bad files: each is refused with a plain message and nothing is saved.

CSV_HEADER = (
    "Domain code,Domain name,Code,Parent code,Title,What the person does,"
    "What they need to know and understand,NOS code,practitioner\n"
)


def _refused(raw, fmt, filename, into=None):
    before = (Framework.objects.count(), FrameworkVersion.objects.count(), Competence.objects.count())
    try:
        data = parse_upload(raw=raw, filename=filename, fmt=fmt)
    except FileProblems as error:
        messages = [str(p) for p in error.problems]
    else:
        preview = import_preview(data=data, into=into)
        assert not preview.ok
        messages = [str(p) for p in preview.problems]
        with pytest.raises((FileProblems, Exception)):
            services.framework_file_import(data=data, into=into)
    assert (Framework.objects.count(), FrameworkVersion.objects.count(), Competence.objects.count()) == before
    return " | ".join(messages)


@pytest.fixture
def draft(shipped):
    return services.framework_version_copy(version=shipped)


def test_missing_columns(draft):
    assert "These columns are missing: Code" in _refused(b"Domain code,Title\nENG,Thing\n", "csv", "a.csv", draft)


def test_duplicate_codes(draft):
    raw = CSV_HEADER + "ENG,,X-1,,One,,,,\nENG,,X-1,,Two,,,,\n"
    assert "row 3 (X-1): the competence code X-1 appears more than once" in _refused(
        raw.encode(), "csv", "a.csv", draft
    )


def test_parent_that_does_not_exist(draft):
    raw = CSV_HEADER + "ENG,,X-1,NOPE,One,,,,\n"
    assert "row 2 (X-1): the parent NOPE is not in the file" in _refused(raw.encode(), "csv", "a.csv", draft)


def test_loop_in_the_hierarchy(draft):
    raw = CSV_HEADER + "ENG,,X-1,X-2,One,,,,\nENG,,X-2,X-1,Two,,,,\n"
    assert "X-1 sits inside itself through its parents (a loop)" in _refused(raw.encode(), "csv", "a.csv", draft)


def test_unknown_scale_value(draft):
    raw = CSV_HEADER + 'ENG,,X-1,,One,,,,"Brilliant, core"\n'
    assert "'Brilliant' is not a value on the framework's scale" in _refused(raw.encode(), "csv", "a.csv", draft)


def test_empty_file(draft):
    assert "The file is empty." in _refused(b"", "csv", "a.csv", draft)
    assert "no competences" in _refused(CSV_HEADER.encode(), "csv", "a.csv", draft)


def test_file_that_is_not_what_its_name_says(draft):
    assert "is not an Excel workbook" in _refused(b"Code,Title\n1,2\n", "xlsx", "a.xlsx", draft)
    assert "files end in .json" in _refused(b"{}", "case", "a.csv")
    assert "not valid JSON" in _refused(b"Code,Title\n", "case", "a.json")
    assert "This is not a CASE package" in _refused(b"[]", "case", "a.json")


def test_wrong_encoding(draft):
    raw = codecs.encode(CSV_HEADER + "ENG,,X-1,,Café,,,,\n", "latin-1")
    assert "is not saved as UTF-8" in _refused(raw, "csv", "a.csv", draft)


def test_file_over_the_size_limit(draft):
    assert "larger than 60 MB" in _refused(b"x" * (MAX_BYTES + 1), "csv", "a.csv", draft)


def test_moodle_file_without_its_columns_or_framework_row():
    assert "a Moodle competency framework file has 14" in _refused(b"a,b,c\n", "moodle", "m.csv")
    header = ",".join(f'"{h}"' for h in moodle.HEADERS)
    assert "no framework row" in _refused(f"{header}\n,C1,One,,2,,,,,,,,0,\n".encode(), "moodle", "m.csv")


def test_moodle_unknown_parent_and_loop():
    header = ",".join(f'"{h}"' for h in moodle.HEADERS)
    framework = (
        ',fw,Framework,,2,"A,B","[{""scaleid"":""0""},{""id"":2,""scaledefault"":1,""proficient"":1}]",,,,,,1,domain'
    )
    rows = (
        "\n,D1,Domain,,2,,,,,,,,0,\nD1,C1,One,,2,,,,,,,,0,\nC3,C2,Two,,2,,,,,,,,0,\nC4,C3,Three,,2,,,,,,,,0,\n"
        "C3,C4,Four,,2,,,,,,,,0,\nNOPE,C5,Five,,2,,,,,,,,0,\n"
    )
    message = _refused(f"{header}\n{framework}{rows}".encode(), "moodle", "m.csv")
    assert "row 6, column A (Parent ID number) (C3): C3 sits inside itself through its parents (C3 → C4 → C3)" in (
        message
    )
    assert "row 5," not in message  # C2 hangs below the loop; it is not part of it
    assert "row 8, column A (Parent ID number) (C5): the parent ID number NOPE is not the ID number of any" in (message)


def test_case_child_of_a_missing_item_is_named(shipped):
    package = json.loads(case.export(framework_data(shipped)))
    package["CFAssociations"][-1]["destinationNodeURI"]["identifier"] = "missing-parent"
    _empty_database()
    assert "the parent missing-parent is not in the file" in _refused(json.dumps(package).encode(), "case", "p.json")


def test_moodle_file_into_a_draft_keeps_what_moodle_cannot_carry(draft):
    raw = moodle.export(framework_data(draft))
    services.framework_file_import(data=parse_upload(raw=raw, filename="m.csv", fmt="moodle"), into=draft)
    assert ScaleValue.objects.get(version=draft, label="Expert").descriptor.startswith("I am a source of advice")
    assert (
        Expectation.objects.filter(role_profile__version=draft).count()
        == Expectation.objects.filter(role_profile__version=draft.based_on).count()
    )
