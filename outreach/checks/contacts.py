"""Numbers and addresses that would reach no one, or not safely.

Parsing and validation live in outreach.kit.contacts (at load time); these are the
checks on top: a web address that is not encrypted, and a North American
number from the block reserved for fiction (555-0100 to 555-0199), which
phonenumbers accepts as valid but which rings nowhere.
"""

from __future__ import annotations

import phonenumbers

from ..errors import Problem
from ..kit.contacts import Contact
from ..kit.load import Kit
from .sources import service_source

_FIELD = {"tel": "phone", "sms": "text", "tty": "tty", "url": "url"}
FICTION = "warning"
"""The severity of a number from the fictional block outside a sample kit. A warning, not an error, only
because test kits everywhere rightly use that block for numbers that must never ring anyone."""


def _fictional(contact: Contact) -> bool:
    if contact.channel not in ("tel", "sms", "tty") or not contact.number.startswith("+1"):
        return False
    digits = phonenumbers.national_significant_number(phonenumbers.parse(contact.number))
    return len(digits) == 10 and digits[3:6] == "555" and 100 <= int(digits[6:]) <= 199


def check(kit: Kit) -> list[Problem]:
    problems = []
    for sid, found in kit.contacts.items():
        src = service_source(kit, sid)
        for channel, contact in found.items():
            where = (_FIELD[channel],)
            if channel == "url" and contact.uri.lower().startswith("http:"):
                problems.append(
                    src.problem(
                        where,
                        (
                            f"{contact.uri!r} is not encrypted (http:): what someone looks up on it can be seen on the "
                            "network they use; ask the service for its https:// address"
                        ),
                        "warning",
                    )
                )
            if _fictional(contact) and not kit.settings.sample:
                problems.append(
                    src.problem(
                        where,
                        (
                            f"{contact.display} is in the 555-0100 to 555-0199 block kept for fiction: "
                            "it reaches no one; "
                            "write the service's real number"
                        ),
                        FICTION,
                    )
                )
    return problems
