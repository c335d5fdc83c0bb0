"""Claims with their verdicts, evidence and transitions, out as CSV or JSONL and
back in from JSONL.

Exports are generators over keyset-paginated chunks: memory and queries are
bounded per chunk (seven queries per CHUNK claims in JSONL), whatever the
total.

JSONL holds one object a line: `{"type": "article", ...}` before the first
claim of each article, then `{"type": "claim", ...}` with its verdicts,
evidence (each with its source), transitions and comments nested, its claim
group's id, and the matches it is the later claim of (so that the earlier one
is restored first). People are
named by username. `restore_jsonl` reads that back into an empty database with
the same ids and timestamps, so a second export is identical to the first;
files written before comments were exported restore without them.

The restore checks every field as the models would (choices, lengths, the
URL rule, a claim's text against its article's body, ids seen twice) before
it writes, and a row the database still refuses is named by its line: a bad
line stops the restore with "line N: ..." and nothing is kept.
"""

from annotations.exports.restore import RestoreError, restore_jsonl
from annotations.exports.writing import claim_record, csv_lines, jsonl_lines

__all__ = ["RestoreError", "claim_record", "csv_lines", "jsonl_lines", "restore_jsonl"]
