"""Kit text a location will print in a language it has no translation for: warnings for `check`.

Only the locales a text is actually printed in count: a service's fields in the
locales of the locations it serves, a region's name in the locales of the
locations in it, the organisation in every locale the kit prints. (A service
field missing one of the kit's default `locales:` is reported by outreach.kit.load; this
adds the languages only some locations print in.) Plain text (not a mapping of
locale to text) is the same in every language by choice, such as a proper name,
and is never reported.
"""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from ..i18n.locales import PSEUDO_LOCALE, is_known_locale, locale_info
from .model import Location, Service, Settings
from .yamlsource import Located

SERVICE_FIELDS = ("name", "summary", "hours")


def _fallback(text: dict[str, str], settings: Settings) -> str:
    return next((code for code in [*settings.locales, "en"] if code in text), next(iter(text)))


def _language(code: str) -> str:
    return locale_info(code).english if is_known_locale(code) else code


def untranslated(
    settings: Settings,
    settings_src: Located,
    services: dict[str, Service],
    sources: dict[str, Located],
    locations: list[Location],
) -> list[Problem]:
    serving: dict[str, set[str]] = {}
    in_region: dict[str, set[str]] = {}
    for location in locations:
        locales = set(location.locales or settings.locales) - {PSEUDO_LOCALE}
        in_region.setdefault(location.region, set()).update(locales)
        for sid, service in services.items():
            if service.regions == "all" or location.region in service.regions:
                serving.setdefault(sid, set()).update(locales)

    warnings: list[Problem] = []

    def check(source: Located, loc: tuple, text: Any, locales: set[str]) -> None:
        if not isinstance(text, dict):
            return
        for code in sorted(locales - set(text)):
            fallback = _fallback(text, settings)
            warnings.append(
                source.problem(
                    loc,
                    f"has no {code} text: {_language(code)} pages print the {fallback} text; "
                    f"add `{code}: ...` to translate it",
                    "warning",
                )
            )

    check(settings_src, ("organisation",), settings.organisation, set().union(*in_region.values()))
    for region, locales in sorted(in_region.items()):
        check(settings_src, ("regions", region), settings.regions.get(region), locales)
    for sid, locales in sorted(serving.items()):
        for name in SERVICE_FIELDS:
            check(sources[sid], (name,), getattr(services[sid], name), locales - set(settings.locales))
    return warnings
