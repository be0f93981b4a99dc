"""The mapping step for a Moodle file whose columns cannot be read by position: files written here from
tool_lpimportcsv's fourteen columns (Parent ID number, ID number, Short name, Description, Description
format, Scale values, Scale configuration, Rule type, Rule outcome, Rule config, Cross-referenced competency
ID numbers, Exported ID, Is framework, Taxonomy), reordered and headed in a language Moodle's header list
here does not know, read with the person's choice of column and imported faithfully."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competencies.framework.exchange import moodle, pending
from competencies.framework.exchange.formats import parse_upload
from competencies.framework.exchange.structure import FileProblems
from competencies.framework.forms import MoodleColumnsForm
from competencies.framework.selectors import framework_data
from competencies.models import Competence, Framework

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
DUTCH = FILES / "moodle_dutch_reordered.csv"
# For each column of the Dutch file, the Moodle field it holds.
DUTCH_FIELDS = [1, 2, 0, 12, 3, 4, 5, 6, 10, 11, 7, 8, 9, 13]


def _table(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"))))


def _in_moodle_order(raw: bytes) -> bytes:
    """The same file with Moodle's own header and order, as tool_lpexportcsv would write it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(moodle.HEADERS)
    for row in _table(raw)[1:]:
        writer.writerow([row[DUTCH_FIELDS.index(field)] for field in range(len(moodle.HEADERS))])
    return out.getvalue().encode()


def _form_data(fields) -> dict[str, str]:
    return {f"column_{i}": "none" if field is None else str(field) for i, field in enumerate(fields)}


def test_reordered_columns_under_an_unknown_header_ask_which_is_which():
    with pytest.raises(moodle.ColumnsNeeded) as needed:
        parse_upload(raw=DUTCH.read_bytes(), filename="kader.csv", fmt="moodle")
    columns = needed.value.columns
    assert [(c.letter, c.header) for c in columns[:4]] == [
        ("A", "ID-nummer"),
        ("B", "Korte naam"),
        ("C", "ID-nummer van de ouder"),
        ("D", "Is kader"),
    ]
    # A sample from the first rows, so the person can tell the columns apart.
    assert [c.sample for c in columns[:4]] == ["DIGI-NL", "Digitale vaardigheden", "communicatie", "1"]
    assert columns[8].sample == "VEI-1"
    # Only a heading Moodle has used somewhere is suggested: ID-Nummer and Taxonomie are Moodle's German.
    assert needed.value.suggested == [moodle.IDNUMBER] + [None] * 12 + [moodle.TAXONOMY_COLUMN]


def test_the_file_read_with_the_chosen_columns_is_the_file_in_moodles_order():
    mapped = moodle.parse(DUTCH.read_bytes(), DUTCH_FIELDS)
    assert mapped == parse_upload(raw=_in_moodle_order(DUTCH.read_bytes()), filename="m.csv", fmt="moodle")
    assert (mapped.identifier, mapped.name) == ("DIGI-NL", "Digitale vaardigheden")
    assert [(s.label, s.is_proficient) for s in mapped.scale] == [("Niet bekwaam", False), ("Bekwaam", True)]
    by_code = {c.code: c for c in mapped.competences}
    assert (by_code["COM-1a"].domain, by_code["COM-1a"].parent) == ("communicatie", "COM-1")
    assert by_code["VEI-1"].extra["moodle"]["related"] == ["COM-1", "COM-1a"]


def test_a_field_chosen_for_two_columns_is_refused_naming_both():
    fields = list(DUTCH_FIELDS)
    fields[13] = moodle.SHORTNAME  # Taxonomie chosen as Short name too
    problems = moodle.mapping_problems(fields, _table(DUTCH.read_bytes())[0])
    assert problems == [
        (
            13,
            "Column N (Taxonomie) and column B (Korte naam) are both chosen as Short name. "
            "Choose it for one column only.",
        )
    ]
    with pytest.raises(FileProblems, match="are both chosen as Short name"):
        moodle.parse(DUTCH.read_bytes(), fields)


def test_a_needed_field_left_out_is_named():
    fields = list(DUTCH_FIELDS)
    fields[3] = None  # Is kader left out
    assert moodle.mapping_problems(fields, _table(DUTCH.read_bytes())[0]) == [
        (None, "Choose the column that holds Is framework: every file needs one.")
    ]


def test_the_form_puts_each_problem_on_its_column():
    columns, suggested = moodle.file_columns(DUTCH.read_bytes())
    unchosen = _form_data(DUTCH_FIELDS)
    unchosen["column_4"] = ""
    form = MoodleColumnsForm(unchosen, columns=columns, suggested=suggested)
    assert not form.is_valid()
    assert form.errors["column_4"] == ["Choose what column E holds, or choose Leave this column out"]
    twice = _form_data(DUTCH_FIELDS)
    twice["column_0"] = str(moodle.SHORTNAME)
    form = MoodleColumnsForm(twice, columns=columns, suggested=suggested)
    assert not form.is_valid()
    assert "Column B (Korte naam) and column A (ID-nummer) are both chosen as Short name" in form.errors["column_1"][0]
    assert form.non_field_errors() == ["Choose the column that holds ID number: every file needs one."]
    form = MoodleColumnsForm(_form_data(DUTCH_FIELDS), columns=columns, suggested=suggested)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mapping"] == DUTCH_FIELDS
    assert form.fields["column_0"].label == "Column A, headed ‘ID-nummer’"
    assert form.fields["column_0"].help_text == "First value: DIGI-NL"


def test_an_english_header_in_another_order_is_suggested_from_its_headings():
    rows = _table(_in_moodle_order(DUTCH.read_bytes()))
    swapped = [[row[1], row[0], *row[2:]] for row in rows]  # ID number before Parent ID number
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(swapped)
    with pytest.raises(moodle.ColumnsNeeded) as needed:
        moodle.parse(out.getvalue().encode())
    assert "the header names Moodle's columns in another order" in str(needed.value)
    assert needed.value.suggested == [1, 0, *range(2, 14)]
    assert moodle.parse(out.getvalue().encode(), needed.value.suggested) == moodle.parse(
        _in_moodle_order(DUTCH.read_bytes())
    )


def test_a_file_with_only_some_of_moodles_columns_can_be_read_with_its_columns_chosen():
    raw = (
        b"Naam,Code,Bovenliggende code,Kader\n"
        b"Digitale vaardigheden,DIGI,,1\n"
        b"Communicatie,com,,0\n"
        b"E-mail schrijven,COM-1,com,0\n"
    )
    with pytest.raises(moodle.ColumnsNeeded):
        moodle.parse(raw)
    data = moodle.parse(raw, [moodle.SHORTNAME, moodle.IDNUMBER, moodle.PARENT, moodle.IS_FRAMEWORK])
    assert [d.code for d in data.domains] == ["com"]
    assert [(c.code, c.title, c.domain) for c in data.competences] == [("COM-1", "E-mail schrijven", "com")]
    assert data.competences[0].extra == {}  # nothing Moodle did not have is added


def test_a_problem_in_a_mapped_file_names_the_files_own_column():
    raw = DUTCH.read_bytes().replace(b"Onderwerpregel,COM-1,0", b"Onderwerpregel,COM-X,0")
    with pytest.raises(FileProblems) as refused:
        moodle.parse(raw, DUTCH_FIELDS)
    assert "row 5, column C (ID-nummer van de ouder) (COM-1a): the parent ID number COM-X" in str(refused.value)


def _upload(client, raw, name="kader.csv"):
    return client.post(
        reverse("competencies:framework-import"),
        {"file": SimpleUploadedFile(name, raw, content_type="text/csv"), "format": "moodle", "into": ""},
    )


def test_admin_chooses_the_columns_then_previews_and_imports_faithfully(client, world):
    client.force_login(world.user("administrator"))
    response = _upload(client, DUTCH.read_bytes())
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Choose what each column holds</h1>" in page
    assert "Column D, headed ‘Is kader’" in page and "First value: DIGI-NL" in page
    waiting = client.session["framework_import"]
    assert waiting["columns"] is True and "raw" not in waiting and "fingerprints" not in waiting
    assert pending.read(waiting["token"], waiting["sha256"]) == DUTCH.read_bytes()

    # Confirming before the columns are chosen imports nothing.
    client.post(reverse("competencies:framework-import-confirm"))
    assert not Framework.objects.exists()
    assert pending.read(waiting["token"], waiting["sha256"]) is None  # and its file is gone
    _upload(client, DUTCH.read_bytes())

    twice = _form_data(DUTCH_FIELDS)
    twice["column_13"] = str(moodle.SHORTNAME)
    response = client.post(reverse("competencies:framework-import-columns"), twice)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_column_13"' in page and "are both chosen as Short name" in page

    response = client.post(reverse("competencies:framework-import-columns"), _form_data(DUTCH_FIELDS))
    page = response.content.decode()
    assert "Check before you import" in page, page
    assert not Framework.objects.exists()
    assert client.session["framework_import"]["mapping"] == DUTCH_FIELDS

    response = client.post(reverse("competencies:framework-import-confirm"), follow=True)
    assert "Imported into" in response.content.decode()
    framework = Framework.objects.get()
    assert framework.identifier == "DIGI-NL"
    version = framework.versions.get()
    assert Competence.objects.get(version=version, code="COM-1a").parent.code == "COM-1"

    # Everything the file had goes back out to Moodle, in Moodle's order.
    before = {row[1]: row for row in _table(_in_moodle_order(DUTCH.read_bytes()))[1:]}
    after = {row[1]: row for row in _table(moodle.export(framework_data(version)))[1:]}
    assert after == before


def test_choosing_columns_with_no_file_waiting_goes_back_to_the_upload(client, world):
    client.force_login(world.user("administrator"))
    response = client.post(reverse("competencies:framework-import-columns"), _form_data(DUTCH_FIELDS), follow=True)
    assert "There is no file waiting to have its columns chosen" in response.content.decode()


def test_a_file_that_reads_by_position_never_asks(client, world):
    client.force_login(world.user("administrator"))
    page = _upload(client, _in_moodle_order(DUTCH.read_bytes())).content.decode()
    assert "Check before you import" in page and "Choose what each column holds" not in page
