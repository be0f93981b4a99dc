"""The workbook reader gives the values openpyxl gives, row by row, numbered as the spreadsheet numbers them."""

import datetime
import io
import zipfile

import openpyxl
import pytest

from competencies.framework.exchange import xlsx


def _openpyxl_rows(raw: bytes, title: str) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)[title]
    return list(sheet.iter_rows(values_only=True))


def test_values_are_those_openpyxl_reads():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Competences"
    sheet.append(["Code", "Title", "Level", "Score", "Core", "Since"])
    sheet.append(["A-1", "Listen well", 3, 2.5, True, datetime.datetime(2024, 3, 1, 9, 30)])
    sheet.append([])  # a blank row: numbering carries on past it
    sheet.append(["A-2", "  Spaces kept  ", None, -4, False, None])
    sheet["F4"].number_format = "dd/mm/yyyy"
    sheet["F4"] = datetime.datetime(2025, 1, 2)
    book.create_sheet("Scale").append(["Value", "Label"])
    out = io.BytesIO()
    book.save(out)
    raw = out.getvalue()

    read = xlsx.read(raw)
    assert list(read) == ["Competences", "Scale"]
    header, rows = read["Competences"]
    assert header == ["Code", "Title", "Level", "Score", "Core", "Since"]
    assert [number for number, _ in rows] == [2, 4]
    expected = _openpyxl_rows(raw, "Competences")
    assert [tuple(values) for _, values in rows] == [expected[1], expected[3]]
    assert rows[0][1][5] == datetime.datetime(2024, 3, 1, 9, 30)
    assert read["Scale"] == (["Value", "Label"], [])


def _workbook(sheet_xml: str, strings_xml: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Competences" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if strings_xml:
            archive.writestr("xl/sharedStrings.xml", strings_xml)
    return out.getvalue()


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def test_inline_strings_rich_text_and_prefixed_tags_are_read():
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>Title</x:t></x:is></x:c>'
        '</x:row><x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="C2" t="str"><x:f>B2</x:f><x:v>Sum</x:v>'
        "</x:c></x:row></x:sheetData></x:worksheet>"
    )
    strings = (
        f'<sst xmlns="{MAIN}"><si><t>Code</t></si>'
        "<si><r><rPr><b/></rPr><t>LD-</t></r><r><t>01</t></r><rPh><t>ruby</t></rPh></si></sst>"
    )
    assert xlsx.read(_workbook(sheet, strings)) == {
        "Competences": (["Code", None, "Title"], [(2, ["LD-01", None, "Sum"])])
    }


def test_a_workbook_that_declares_entities_is_refused():
    sheet = f'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet xmlns="{MAIN}"><sheetData/></worksheet>'
    with pytest.raises(xlsx.Unreadable):
        xlsx.read(_workbook(sheet))


def test_a_shared_string_that_is_not_there_is_refused():
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData></worksheet>'
    )
    with pytest.raises(xlsx.Unreadable):
        xlsx.read(_workbook(sheet, f'<sst xmlns="{MAIN}"><si><t>Only</t></si></sst>'))
