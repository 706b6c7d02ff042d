"""What a notice format (`notice: us-ca` in the catalogue) prints: a posting law's prescribed words,
verbatim, in every language the law or its agency gives them, with the law's numbers marked so that
the template sets them in bold at the law's size, and below them any required number the words do not
already give in digits (1-855-FLA-SAFE (1-855-352-7233))."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from ..kit.formats import Format
from ..kit.laws import Contact, Law, laws


@dataclass(frozen=True)
class Run:
    """A piece of a line: a number as the law spells it, or the words around it."""

    text: str
    number: bool


@dataclass(frozen=True)
class StatementView:
    language: str
    lines: tuple[tuple[Run, ...], ...]


@dataclass(frozen=True)
class NoticeView:
    code: str
    statute: str
    """The citation printed at the foot of the notice."""
    statements: tuple[StatementView, ...]
    """The page's language first, when the law gives words in it."""
    numbers: tuple[tuple[Run, ...], ...]
    """The required numbers the words do not give in digits, each on a line of its own."""
    body_pt: float
    number_pt: float
    bold_text: bool
    local_lines: bool
    """The kit's own lines may follow the law's words."""


def _forms(contact: Contact) -> list[str]:
    return [form for form in (contact.spelled or "").split(" or ") if form]


def _digits(contact: Contact) -> str:
    """The number's digits as dialled in its country: 18553527233, or the short code."""
    if contact.sms:
        return contact.sms
    number = phonenumbers.parse(contact.tel or "")
    national = phonenumbers.national_significant_number(number)
    return f"1{national}" if number.country_code == 1 else f"0{national}" if number.country_code == 44 else national


def _gives_digits(contact: Contact, form: str) -> bool:
    return re.sub(r"\D", "", form).endswith(_digits(contact)[-7:])


def display(contact: Contact) -> str:
    """The number in digits, grouped as its country writes it (1-855-352-7233)."""
    if contact.sms:
        return contact.sms
    number = phonenumbers.parse(contact.tel or "")
    if number.country_code == 1:
        national = phonenumbers.national_significant_number(number)
        return f"1-{national[:3]}-{national[3:6]}-{national[6:]}"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def runs(text: str, forms: list[str]) -> tuple[Run, ...]:
    """`text` cut into runs, each of `forms` found in it marked as a number."""
    if not forms:
        return (Run(text, False),)
    pattern = re.compile("|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True)))
    found, start = [], 0
    for match in pattern.finditer(text):
        if match.start() > start:
            found.append(Run(text[start : match.start()], False))
        found.append(Run(match.group(), True))
        start = match.end()
    if start < len(text):
        found.append(Run(text[start:], False))
    return tuple(found)


def notice_view(fmt: Format, locale: str) -> NoticeView | None:
    """What `fmt` prints when it is a law's notice; None for every other format (or an unknown law,
    which `outreach check` reports)."""
    law: Law | None = laws().get(fmt.notice or "")
    if law is None or law.statement is None:
        return None
    texts = law.statement.text
    order = sorted(texts, key=lambda code: code != locale)
    phones = [c for c in law.contacts if c.tel or c.sms]
    forms = [form for contact in phones for form in _forms(contact)]
    words = " ".join(texts.values())
    numbers = []
    for contact in phones:
        given = [form for form in _forms(contact) if form in words]
        if any(_gives_digits(contact, form) for form in given):
            continue
        shown = [form for form in _forms(contact) if form in contact.what] or [display(contact)]
        line = contact.what[:1].upper() + contact.what[1:]
        if not any(_gives_digits(contact, form) for form in shown):
            line += f" ({display(contact)})"
        numbers.append(runs(line, [*shown, display(contact)]))
    body = max(fmt.min_font_pt, law.min_type_pt.pt if law.min_type_pt else 0)
    return NoticeView(
        code=law.code,
        statute=law.statute,
        statements=tuple(
            StatementView(code, tuple(runs(line, forms) for line in texts[code].splitlines() if line.strip()))
            for code in order
        ),
        numbers=tuple(numbers),
        body_pt=body,
        number_pt=max(body, law.number_type_pt.pt if law.number_type_pt else 0),
        bold_text=law.bold_text is not None,
        local_lines=law.local_lines,
    )
