"""The two imports, top to bottom: read the kit → read the source → merge → report → write.

Nothing is written with `dry_run`, nor when a spreadsheet has a bad row
(unless `skip_bad_rows`); otherwise every changed file is written at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import OutreachError, UsageError
from ..i18n.locales import is_known_locale
from ..kit.yamlsource import load_yaml
from ..paths import sample_kit_dir
from . import hsds, hsds_read
from .kitfiles import check_rewrites, commit, load_settings, read_services
from .merge import Target, reconcile
from .record import Change, Finding, ImportReport, Incoming, SourceError
from .spreadsheet import read_rows, template


def _kit(kit: Path) -> Path:
    root = kit.resolve()
    if not root.is_dir():
        raise OutreachError(f"{root} is not a folder", f"Import into a kit: start one with `outreach init {kit}`.")
    return root


def _missing(target: Target, prefix: str, present: set[str], retired: dict[str, str]) -> list[Change]:
    """Services this kit imported from the same kind of source that the source no longer has."""
    changes = []
    for existing in target.services.values():
        source = existing.source or ""
        if source.startswith(prefix) and (source not in present or source in retired):
            reason = retired.get(source, "it is not in the source any more")
            changes.append(Change(existing.id, "missing", [f"{reason} ({source})"], file=existing.file))
    return changes


def _finish(root: Path, report: ImportReport, dry_run: bool, delete_missing: bool) -> ImportReport:
    files: dict[str, str | None] = {
        c.file: c.text for c in report.changes if c.action in ("added", "changed") and c.file
    }
    if delete_missing:
        for change in report.changes:
            if change.action == "missing" and change.file:
                files[change.file] = None
                report.deleted.append(change.id)
    if files and not dry_run:
        check_rewrites(root, list(files))
        commit(root, files)
        report.written = True
    return report


def _apply(records: list[Incoming], target: Target, report: ImportReport) -> dict[str, list[Finding]]:
    """Merge every record; the errors of those that cannot be imported, by the record's `where`."""
    failed: dict[str, list[Finding]] = {}
    for record in records:
        change, findings = reconcile(record, target)
        report.findings += findings
        if change is None:
            failed[record.where] = [f for f in findings if f.severity == "error"]
        else:
            report.changes.append(change)
    return failed


def _undated(report: ImportReport) -> None:
    """Say once, in words, what to do about services the source gives no date for."""
    undated = [
        f
        for f in report.findings
        if f.severity == "error" and f.message == "is required" and f.where.rsplit(":", 1)[-1].strip() == "assured_date"
    ]
    if not undated:
        return
    kept = [f for f in report.findings if f not in undated]
    report.findings = kept + [
        Finding(
            f.where,
            "the source does not say when these details were last confirmed, and a new service needs that date; "
            "pass --verified YYYY-MM-DD with the day you checked them",
        )
        for f in undated
    ]
    report.skipped = [
        line.replace("(is required)", "(no date of confirmation: pass --verified YYYY-MM-DD)")
        for line in report.skipped
    ]


def import_csv(
    file: Path,
    kit: Path,
    *,
    dry_run: bool = False,
    skip_bad_rows: bool = False,
    delete_missing: bool = False,
    today: date | None = None,
) -> ImportReport:
    """Services from a spreadsheet (one per row) into KIT/services/; see outreach.importing.spreadsheet."""
    root = _kit(kit)
    settings = load_settings(root)
    target = Target(settings, read_services(root), today or date.today())
    rows = read_rows(file, settings)
    report = ImportReport(file.name)
    failed = _apply([record for _, record in rows.records], target, report)
    bad = dict(rows.problems)
    bad |= {number: failed[record.where] for number, record in rows.records if record.where in failed}
    report.findings = [f for f in report.findings if f.severity != "error"]
    if bad and not skip_bad_rows:
        errors = [f for _, problems in sorted(bad.items()) for f in problems]
        raise SourceError(
            errors,
            f"nothing was imported: {len(bad)} row{'s' if len(bad) != 1 else ''} of {file.name} "
            f"{'have' if len(bad) != 1 else 'has'} errors; fix them, or pass --skip-bad-rows",
        )
    for number, problems in sorted(bad.items()):
        report.findings += problems
        report.failed += 1
        report.skipped.append(
            f"row {number}"
            + (f" ({rows.keys[number][4:]})" if rows.keys.get(number) else "")
            + f": {len(problems)} problem{'s' if len(problems) != 1 else ''}"
        )
    present = {key for key in rows.keys.values() if key}
    report.changes += _missing(target, "csv:", present, {})
    return _finish(root, report, dry_run, delete_missing)


def import_hsds(
    path: Path,
    kit: Path,
    *,
    locale: str | None = None,
    regions: list[str] | None = None,
    dry_run: bool = False,
    delete_missing: bool = False,
    today: date | None = None,
    verified: date | None = None,
) -> ImportReport:
    """Services from an HSDS export (3.0, 2.0 or 1.1; JSON, a data package, its .zip or its CSVs) into KIT/services/.

    `verified` is the date someone confirmed the details of services whose
    source does not say (HSDS before 3.0 never does).
    """
    root = _kit(kit)
    settings = load_settings(root)
    base = locale or settings.locales[0]
    if not is_known_locale(base):
        raise UsageError(f"{base!r} is not a language code such as en or es")
    defaults: list[str] | str | None = None
    if regions:
        unknown = [r for r in regions if r not in settings.regions and r != "all"]
        if unknown:
            raise UsageError(
                f"unknown region {', '.join(map(repr, unknown))}; known: {', '.join(settings.regions)}, or all"
            )
        defaults = "all" if "all" in regions else list(dict.fromkeys(regions))
    target = Target(settings, read_services(root), today or date.today(), defaults)
    entries, findings = hsds_read.load(path)
    report = ImportReport(path.name, findings=findings)
    if verified and verified > target.today:
        raise UsageError(f"--verified {verified} is in the future; give the date the details were confirmed")
    mapper = hsds.Mapper(settings, base, target.today, verified=verified, regions_given=bool(regions))
    records, present, retired = [], set(), {}
    for service, organization, where in entries:
        record, reason, found = mapper.record(service, organization, where)
        report.findings += found
        key = f"hsds:{str(service.get('id') or '').strip()}"
        if reason:
            retired[key] = reason
        elif record is None:
            report.skipped.append(f"{where}: has no id")
        elif key in present:
            report.findings.append(
                Finding(record.where, "appears twice in the source; the first one is imported", "warning")
            )
        else:
            present.add(key)
            records.append(record)
    for where, errors in _apply(records, target, report).items():
        report.failed += 1
        report.skipped.append(f"{where}: not imported ({'; '.join(e.message for e in errors)})")
    _undated(report)
    report.changes += _missing(target, "hsds:", present, retired)
    return _finish(root, report, dry_run, delete_missing)


def csv_template(kit: Path | None = None) -> str:
    """The spreadsheet template for a kit's languages; the example row is the National Human Trafficking Hotline."""
    settings = load_settings(_kit(kit) if kit else sample_kit_dir())
    located, problems = load_yaml(sample_kit_dir() / "services" / "national-hotline.yaml", "national-hotline.yaml")
    example = located.data if not problems and isinstance(located.data, dict) else {}
    return template(settings.locales, example)


def write_csv_template(target: Path, kit: Path | None = None) -> Path:
    """The template as a file Excel opens correctly (UTF-8 with a byte-order mark); never over an existing file."""
    if target.exists():
        raise OutreachError(f"{target} already exists; nothing was written", "Give a new file name.")
    try:
        target.write_text(csv_template(kit), encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise OutreachError(f"cannot write {target}: {exc.strerror}") from None
    return target
