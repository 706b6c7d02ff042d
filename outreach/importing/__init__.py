"""Importing services from a spreadsheet (CSV) or Open Referral HSDS into a kit.

Readers turn a source into incoming records (record.py); merge.py merges them
into the kit's files and says what changes; kitfiles.py writes them at once.
export.py writes a kit's services out as the spreadsheet the CSV import reads back.
"""

from .export import Export, export_csv, write_export
from .record import Change, Finding, ImportReport, SourceError
from .run import csv_template, import_csv, import_hsds, write_csv_template

__all__ = [
    "Change",
    "Export",
    "Finding",
    "ImportReport",
    "SourceError",
    "csv_template",
    "export_csv",
    "import_csv",
    "import_hsds",
    "write_csv_template",
    "write_export",
]
