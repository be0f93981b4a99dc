"""Checks every uploaded file goes through before any format reads it: size, emptiness, encoding."""

from competencies.framework.exchange.structure import FileProblems, Problem

MAX_BYTES = 5 * 1024 * 1024


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
        raise FileProblems(
            [
                Problem(
                    "",
                    f"The {what} is not saved as UTF-8 text (a byte at position "
                    f"{error.start} cannot be read). Save it again as UTF-8 and retry.",
                )
            ]
        ) from None
