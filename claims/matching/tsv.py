"""Tab-separated claim files: a header line naming the columns, then rows.

Fields may be quoted as spreadsheets write them ("a ""quoted"" word"), as the
CLEF CheckThat! files are. Every problem is a TsvError naming the file and
the reason, for the command line to print.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path


class TsvError(Exception):
    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def read_tsv(
    path: Path | str, required: Sequence[str], optional: Sequence[str] = ()
) -> list[dict[str, str]]:
    """The rows as dicts of the required and optional columns (an absent
    optional column reads as ""). Ids (the column "id") must be unique."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TsvError(path, exc.strerror or "cannot be read") from None
    nul = data.find(b"\0")
    if nul >= 0:
        raise TsvError(path, f"NUL byte at byte {nul}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TsvError(path, f"not UTF-8 text (byte {exc.start})") from None
    if not text.strip():
        raise TsvError(path, "empty file")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    try:
        header = [name.strip() for name in next(reader)]
        missing = [name for name in required if name not in header]
        if missing:
            raise TsvError(path, f"missing column(s): {', '.join(missing)}")
        columns = {name: header.index(name) for name in [*required, *optional]
                   if name in header}  # fmt: skip
        rows, seen = [], set()
        for row in reader:
            if not row:
                continue  # a blank line
            if len(row) != len(header):
                raise TsvError(
                    path,
                    f"line {reader.line_num}: {len(row)} fields, "
                    f"the header has {len(header)}",
                )
            record = {name: row[i] for name, i in columns.items()}
            for name in optional:
                record.setdefault(name, "")
            if "id" in record:
                if record["id"] in seen:
                    raise TsvError(
                        path, f"line {reader.line_num}: duplicate id {record['id']!r}"
                    )
                seen.add(record["id"])
            rows.append(record)
    except csv.Error as exc:
        raise TsvError(path, f"line {reader.line_num}: {exc}") from None
    return rows


def write_tsv(path: Path, columns: Sequence[str], rows) -> None:
    """Rows (sequences of strings) under a header, quoted where needed."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
