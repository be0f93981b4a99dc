"""The one strict reader every uploaded framework file goes through before a format reads it: size,
emptiness, encoding and, for CSV, the shape of every row. A file is read whole or refused whole, and a
refusal names the row, the column and what to do."""

import csv
import io
from dataclasses import dataclass

from competencies.framework.exchange.structure import FileProblems, Problem

# Sized so the product always reads back its own largest export: a CASE package of 10,000 competences
# with expectations is about 20 MB (tests/competencies/framework/exchange/test_limits.py measures it).
MAX_BYTES = 60 * 1024 * 1024
SAVE_AS_UTF8 = (
    "Save it again as UTF-8 (in Excel: File, Save As, 'CSV UTF-8 (Comma delimited)'; in LibreOffice: "
    "tick 'Edit filter settings' and choose Unicode (UTF-8)) and choose it again."
)


def check_size(raw: bytes, *, limit: int = MAX_BYTES) -> None:
    if len(raw) > limit:
        raise FileProblems(
            [
                Problem(
                    "", f"The file is larger than {limit // (1024 * 1024)} MB. Split it or remove what you do not need."
                )
            ]
        )
    if not raw.strip():
        raise FileProblems([Problem("", "The file is empty.")])


def decode_text(raw: bytes, *, what: str) -> str:
    """UTF-8 (with or without a byte order mark) is the only text encoding accepted, so that nothing is
    silently misread."""
    check_size(raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        character = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        guess = ""
        try:
            sample = raw[max(0, error.start - 20) : error.start + 20].decode("cp1252")
            guess = f" It looks like it was saved in a Windows encoding (near “{sample.strip()}”)."
        except UnicodeDecodeError:
            pass
        raise FileProblems(
            [
                Problem(
                    f"line {line}, character {character}",
                    f"the {what} is not saved as UTF-8 text, so this character cannot be read.{guess} " + SAVE_AS_UTF8,
                )
            ]
        ) from None


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA, as a spreadsheet names its columns."""
    letters, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def where(row: int, index: int, header: list[str] | None = None) -> str:
    name = header[index] if header and index < len(header) and header[index] else ""
    return f"row {row}, column {column_letter(index)}" + (f" ({name})" if name else "")


@dataclass
class Table:
    """A CSV file read whole: its header and every non-blank row, numbered as a spreadsheet numbers them
    (the header is row 1). Every row has exactly as many cells as the header."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def _open_quote_column(record: str) -> int:
    """Which cell of a record holds the quote mark that is never closed."""
    column, quoted, start = 0, False, True
    opened = 0
    for char in record:
        if quoted:
            if char == '"':
                quoted = False
        elif char == '"' and start:
            quoted, opened = True, column
        elif char == ",":
            column, start = column + 1, True
            continue
        start = False
    return opened


def read_csv(text: str, *, what: str, min_columns: int = 1) -> Table:
    """Every row of a comma-separated file, or FileProblems naming the first row that cannot be read."""
    first_line = text.split("\n", 1)[0]
    for separator, name in ((";", "semicolons"), ("\t", "tabs")):
        if first_line.count(separator) > first_line.count(","):
            raise FileProblems(
                [
                    Problem(
                        "row 1",
                        f"the {what} has its columns separated by {name}, not commas. "
                        "Save it again as CSV with commas (in Excel: 'CSV UTF-8 (Comma delimited)'; "
                        "in LibreOffice: choose comma as the field delimiter) and choose it again.",
                    )
                ]
            )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    number, line = 0, 1
    try:
        for values in reader:
            number += 1
            line = reader.line_num + 1
            if header is None:
                header = [value.strip() for value in values]
                if len(header) < min_columns:
                    raise FileProblems(
                        [
                            Problem(
                                "row 1",
                                f"the header has {len(header)} column{'s' if len(header) != 1 else ''}; "
                                f"the {what} needs at least {min_columns}. Check the first row names the columns.",
                            )
                        ]
                    )
                continue
            if not any(value.strip() for value in values):
                continue
            if len(values) < len(header):
                raise FileProblems(
                    [
                        Problem(
                            where(number, len(values), header),
                            f"the row stops after {len(values)} of the header's {len(header)} columns. "
                            "A comma is missing, or the file was cut off. Check this row in a spreadsheet program, "
                            "save the file again and choose it again.",
                        )
                    ]
                )
            extra = [i for i in range(len(header), len(values)) if values[i].strip()]
            if extra:
                raise FileProblems(
                    [
                        Problem(
                            where(number, extra[0]),
                            f"the row has a value past the header's {len(header)} columns. "
                            "A comma inside a cell needs the cell in quote marks; or add a name for the column "
                            "to the header.",
                        )
                    ]
                )
            rows.append((number, values[: len(header)]))
    except csv.Error as error:
        rest = "\n".join(text.split("\n")[line - 1 :]) if "end of data" in str(error) else ""
        row = number + 1
        if rest:
            raise FileProblems(
                [
                    Problem(
                        where(row, _open_quote_column(rest), header),
                        f'a cell opens a quote mark (") on line {line} that is never closed, so the file was '
                        "cut off or a quote mark is missing. Nothing has been read from this file: check the end "
                        "of the file, save it again and choose it again.",
                    )
                ]
            ) from None
        raise FileProblems(
            [
                Problem(
                    f"row {row} (line {reader.line_num})",
                    f"this row cannot be read as CSV ({error}). A quote mark inside a quoted cell must be doubled "
                    '("").',
                )
            ]
        ) from None
    if header is None:
        raise FileProblems([Problem("", f"The {what} is empty.")])
    return Table(header, rows)
