"""The formats a framework can be exported in and imported from, with what each file must look like."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from competencies.framework.exchange import case, moodle, native, spreadsheet
from competencies.framework.exchange.files import MAX_BYTES
from competencies.framework.exchange.structure import FileProblems, FrameworkData, Problem
from workforce.common.uploads import scan_content


@dataclass(frozen=True)
class Format:
    slug: str
    label: str
    extension: str
    content_type: str
    parse: Callable[[bytes], FrameworkData]
    export: Callable[[FrameworkData], bytes]
    whole: bool
    """Whether a file holds a whole framework (so it can become a new version) or only competences."""


FORMATS = {
    f.slug: f
    for f in (
        Format(
            "xlsx",
            "Spreadsheet (Excel .xlsx)",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            lambda raw: spreadsheet.parse(raw, "xlsx"),
            lambda data: spreadsheet.export(data, "xlsx"),
            True,
        ),
        Format(
            "csv",
            "Spreadsheet (CSV, competences only)",
            "csv",
            "text/csv",
            lambda raw: spreadsheet.parse(raw, "csv"),
            lambda data: spreadsheet.export(data, "csv"),
            False,
        ),
        Format("moodle", "Moodle competency framework (CSV)", "csv", "text/csv", moodle.parse, moodle.export, True),
        Format("case", "1EdTech CASE 1.1 package (JSON)", "json", "application/json", case.parse, case.export, True),
        Format(
            "native", "L&D Pathways framework file (JSON)", "json", "application/json", native.parse, native.dump, True
        ),
    )
}


def parse_upload(*, raw: bytes, filename: str, fmt: str, mapping: list[int | None] | None = None) -> FrameworkData:
    """Read an uploaded file in the chosen format; raise FileProblems saying plainly what is wrong.

    ``mapping`` is the person's choice of Moodle field for each column of a Moodle file (``moodle.parse``)."""
    spec = FORMATS[fmt]
    if len(raw) > MAX_BYTES:
        raise FileProblems([Problem("", f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")])
    if not filename.lower().endswith(f".{spec.extension}"):
        raise FileProblems(
            [
                Problem(
                    "",
                    f"{spec.label} files end in .{spec.extension}, and this one is called "
                    f"{filename}. Choose the format the file is in.",
                )
            ]
        )
    try:
        scan_content(raw)
    except ValidationError as refused:
        raise FileProblems([Problem("", " ".join(refused.messages))]) from None
    if mapping is not None:
        if fmt != "moodle":
            raise FileProblems([Problem("", "Only a Moodle file has its columns chosen. Choose the file again.")])
        return moodle.parse(raw, mapping)
    return spec.parse(raw)
