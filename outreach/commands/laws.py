"""`outreach laws`: the posting-law profiles (assets/compliance.yaml), listed or one in full."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..errors import UsageError
from ..kit.formats import builtin_formats
from ..kit.laws import Law, laws


def law_rows(today: date) -> list[Sequence[str]]:
    """Every profile as a table row: a header, then one row per law, with when it was checked and its first
    official source (`outreach laws LAW` lists them all)."""
    rows: list[Sequence[str]] = [("LAW", "DUTY TO POST", "CHECKED", "STATUTE", "SOURCE")]
    for law in laws().values():
        first = next((s for s in law.sources if s.kind == "official"), law.sources[0])
        more = f" (+{len(law.sources) - 1} more)" if len(law.sources) > 1 else ""
        rows.append(
            (
                law.code,
                ("yes, with others' cards" if law.issuer else "yes") if law.mandate else "none",
                f"{law.checked}{' (over a year ago)' if law.stale(today) else ''}",
                law.statute,
                f"{first.url} ({first.kind}){more}",
            )
        )
    return rows


def _rule(name: str, value: str, cite: str) -> str:
    return f"  {name}: {value} ({cite})"


def describe(code: str, today: date) -> list[str]:
    """One profile in full, as lines of text; UsageError (exit 2) for an unknown one."""
    law: Law | None = laws().get(code)
    if law is None:
        raise UsageError(f"unknown posting law {code!r}; known: {', '.join(laws())}")
    stale = " — over a year ago: check it again" if law.stale(today) else ""
    lines = [f"{law.code}: {law.title}", f"statute: {law.statute}", f"checked: {law.checked}{stale}"]
    lines += [f"confidence: {law.confidence}", "sources:"]
    lines += [f"  {s.url} ({s.kind}{'; ' + s.note if s.note else ''})" for s in law.sources]
    lines.append("duty to post: " + ("yes" if law.mandate else "none on the places outreach prints for"))
    lines += [f"  {who}" for who in law.who]
    if law.where:
        lines.append(f"where: {law.where.text} ({law.where.cite})")
    lines.append("checked on every material that can be the notice:")
    if law.min_size:
        lines.append(_rule("size", f"at least {law.min_size.width} × {law.min_size.height}", law.min_size.cite))
    if law.min_type_pt:
        what = "body type" if law.number_type_pt else "type"
        lines.append(_rule(what, f"at least {law.min_type_pt.pt:g} pt", law.min_type_pt.cite))
    if law.number_type_pt:
        lines.append(_rule("numbers' type", f"at least {law.number_type_pt.pt:g} pt", law.number_type_pt.cite))
    if law.languages:
        more = f" and {law.languages.more} more ({law.languages.more_severity})" if law.languages.more else ""
        lines.append(_rule("languages", ", ".join(law.languages.all) + more, law.languages.cite))
        if law.languages.conditional:
            lines.append(f"    where it applies: {law.languages.conditional}")
    for item in law.contacts:
        spelled = f", as the law spells it: {item.spelled}" if item.spelled else ""
        severity = " (a warning)" if item.severity == "warning" else ""
        lines.append(_rule("number", f"{item.what}{spelled}{severity}", item.cite))
    for name, rule in (("bold numbers", law.bold_numbers), ("bold text", law.bold_text)):
        if rule:
            lines.append(_rule(name, "yes", rule.cite))
    if law.issuer:
        lines.append(
            _rule("made by", " or ".join(law.issuer.who) + ": never met by what outreach prints", law.issuer.cite)
        )
    if law.statement:
        how = "substantially (outreach asks for the exact words)" if law.statement.substantially else "verbatim"
        lines.append(_rule("the law's words", f"{how}; copied from {law.statement.copied_from}", law.statement.cite))
        for language, text in law.statement.text.items():
            lines.append(f"    [{language}]")
            lines += [f"    {line}" for line in text.splitlines()]
        for language, why in law.statement.not_found.items():
            lines.append(f"    [{language}] no verbatim words: {why}")
        if law.statement.elsewhere:
            lines.append(f"    other languages: {law.statement.elsewhere}")
    notices = [name for name, fmt in builtin_formats().items() if fmt.notice == law.code]
    if notices:
        lines.append(f"built-in notice: format {', '.join(notices)}")
    if law.penalty:
        lines.append(f"penalty: {law.penalty}")
    for title, items in (("not checked", law.not_checked), ("unsure", law.unsure)):
        if items:
            lines.append(f"{title}:")
            lines += [f"  - {item}" for item in items]
    return lines
