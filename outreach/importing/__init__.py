"""Importing services from a spreadsheet (CSV) or Open Referral HSDS into a kit.

Readers turn a source into incoming records (record.py); merge.py merges them
into the kit's files and says what changes; kitfiles.py writes them at once.
"""

from .record import Change, Finding, ImportReport, SourceError
from .run import csv_template, import_csv, import_hsds, write_csv_template

__all__ = [
    "Change",
    "Finding",
    "ImportReport",
    "SourceError",
    "csv_template",
    "import_csv",
    "import_hsds",
    "write_csv_template",
]
