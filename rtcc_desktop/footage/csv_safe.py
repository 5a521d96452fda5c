"""CSV a spreadsheet opens as text: every CSV the app writes goes through here.

Audit entries carry text from outside (a user name typed at sign-in, a case number, a
backend's detail); a cell starting with ``=`` ``+`` ``-`` ``@``, a tab or a carriage
return is run as a formula by Excel and LibreOffice (``=HYPERLINK(...)`` sends a
neighbouring cell to another host when clicked). Such a cell gets a leading single
quote, as OWASP's CSV injection guidance says: it shows as text and the value is kept.
Leading white space does not hide a formula (an import that trims spaces, LibreOffice's
"Trim spaces", runs `` =1+1``), and every cell is quoted: a spreadsheet whose locale
separates with ``;`` would otherwise start a new cell after a ``;`` in the text, and that
cell could begin with ``=``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TextIO

# The full-width forms too: some spreadsheet locales read them as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    formula = text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)
    return "'" + text if formula else text


def write_rows(out: TextIO, rows: Iterable[Iterable[object]]) -> None:
    """Write ``rows`` as CSV to ``out`` (opened with ``newline=""``), every cell made safe."""
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    write_rows(buffer, rows)
    return buffer.getvalue()
