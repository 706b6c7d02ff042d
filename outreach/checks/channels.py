"""Every page can be answered in its own language.

A page in a language leads with a way of reaching help that answers in it (a
line with that language, or calls with interpreters). When no service shown at
a location answers in one of the languages it prints in, that page would lead
with a number that cannot help its reader: an error, naming the location and
the language, before anything is printed.
"""

from __future__ import annotations

from ..errors import Problem
from ..i18n.locales import PSEUDO_LOCALE, is_known_locale, locale_info
from ..kit.channels import answers_in
from ..kit.load import Kit
from ..pages.views import services_for
from .sources import location_loc, locations_source


def _language(code: str) -> str:
    return locale_info(code).english if is_known_locale(code) else code


def check(kit: Kit) -> list[Problem]:
    problems = []
    source = locations_source(kit)
    for location in kit.locations:
        shown = services_for(kit, location)
        for locale in kit.location_locales(location):
            if locale == PSEUDO_LOCALE or not shown:
                continue
            if not any(answers_in(kit.services[sid], kit.contacts.get(sid, {}), locale) for sid in shown):
                problems.append(
                    source.problem(
                        location_loc(kit, location) + ("locales",),
                        f"{location.id}: no service shown here answers in {_language(locale)} ({locale}): its "
                        f"{_language(locale)} pages would lead with a number that cannot help their reader; "
                        f"add {locale} to the languages of a service that speaks it, set interpreters: true on a "
                        "line whose calls have them, or print this location in other languages",
                    )
                )
    return problems
