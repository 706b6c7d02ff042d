"""Phone numbers, text lines and web addresses: how they print and what a QR code encodes.

What the QR code encodes is derived from the same parsed value that prints
beside it, so the two can never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, quote, urlsplit

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

_SHORT_CODE = re.compile(r"^\d{5,6}$")
_NANP = {"US", "CA"}
RELAY = "711"
"""The telecommunications relay service (TTY and others), dialled 711 in the US and Canada."""


@dataclass(frozen=True)
class Contact:
    """One way to reach a service: what people read and what a QR code encodes."""

    channel: str  # tel | sms | tty | url
    display: str
    uri: str

    @property
    def number(self) -> str:
        """What a phone dials or texts: the E.164 number or short code, without a message body."""
        return self.uri.split(":", 1)[1].split("?", 1)[0]


class ContactError(ValueError):
    """A contact that cannot be printed safely; the message says what to write."""


def _display(number: phonenumbers.PhoneNumber, region: str) -> str:
    extension = f" ext. {number.extension}" if number.extension else ""
    number = phonenumbers.PhoneNumber(
        country_code=number.country_code,
        national_number=number.national_number,
        italian_leading_zero=number.italian_leading_zero,
        number_of_leading_zeros=number.number_of_leading_zeros,
    )
    if phonenumbers.region_code_for_number(number) != region:
        return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL) + extension
    if region in _NANP:
        digits = phonenumbers.national_significant_number(number)
        grouped = f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
        toll_free = phonenumbers.number_type(number) == PhoneNumberType.TOLL_FREE
        return (f"1-{grouped}" if toll_free else grouped) + extension
    return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL) + extension


def _parse(raw: str, region: str) -> phonenumbers.PhoneNumber:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise ContactError(f"{raw!r} is not a phone number ({exc._msg.rstrip('.')})") from exc
    if not phonenumbers.is_valid_number(number):
        raise ContactError(
            f"{raw!r} is not a valid phone number in {region}; check the digits "
            f"(write it as dialled locally, e.g. 612-555-0123, or with + and the country code)"
        )
    return number


def phone(raw: str, region: str) -> Contact:
    """A number to call; an extension (612-555-0123 ext. 12) is printed, and the QR code dials the main number."""
    number = _parse(str(raw), region)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Contact("tel", _display(number, region), f"tel:{e164}")


def text_line(raw: str, region: str, keyword: str | None = None) -> Contact:
    """A number that takes text messages: an SMS short code (e.g. 233733) or a phone number.

    With a keyword (e.g. HELP), the QR code's message carries it: `sms:233733?body=HELP` (RFC 5724).
    """
    raw = str(raw).strip()
    body = f"?body={quote(keyword)}" if keyword else ""
    if _SHORT_CODE.match(raw):
        return Contact("sms", raw, f"sms:{raw}{body}")
    number = _parse(raw, region)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Contact("sms", _display(number, region), f"sms:{e164}{body}")


def tty(raw: str, region: str) -> Contact:
    """A TTY number, or 711, the relay service every US and Canadian phone reaches."""
    raw = str(raw).strip()
    if raw == RELAY and region in _NANP:
        return Contact("tty", RELAY, f"tel:{RELAY}")
    contact = phone(raw, region)
    return Contact("tty", contact.display, contact.uri)


def web(raw: str, allow_http: bool = False, allowed: frozenset[str] = frozenset()) -> Contact:
    """A web address: https only, or also http with `allow_http` (a kit's own services: `outreach check`
    warns about it). javascript:, data:, file: and every other scheme are refused, by name."""
    raw = raw.strip()
    parts = urlsplit(raw)
    if parts.scheme and parts.scheme.lower() not in ("https", "http"):
        raise ContactError(
            f"{raw!r}: {parts.scheme.lower()}: addresses are never printed or put in a QR code; "
            "write a full https:// address, e.g. https://example.org/help"
        )
    if (
        parts.scheme not in (("https", "http") if allow_http else ("https",))
        or not parts.netloc
        or any(ch.isspace() for ch in raw)
    ):
        raise ContactError(f"{raw!r} must be a full https:// address, e.g. https://example.org/help")
    misleading = None if raw in allowed else _misleading(raw, parts)
    if misleading:
        raise ContactError(
            f"{raw!r} {misleading}; print the organisation's plain address, e.g. https://example.org/help "
            "(or, if you have checked this one, list it under allow_urls in outreach.yaml with the reason)"
        )
    display = parts.netloc + (parts.path.rstrip("/") if parts.path not in ("", "/") else "")
    return Contact("url", display, raw)


_FORWARDING = {
    "redirect",
    "redirect_uri",
    "redirect_url",
    "url",
    "next",
    "goto",
    "target",
    "dest",
    "destination",
    "return",
    "returnto",
    "return_to",
    "continue",
    "r",
    "u",
    "link",
}


def _misleading(raw: str, parts: SplitResult) -> str | None:
    """Why a web address could send a reader somewhere other than it seems to, or None."""
    if any(unicodedata.category(ch) == "Cf" for ch in raw):
        return "holds invisible control characters (bidi or zero-width) that can make it read as another address"
    if "@" in parts.netloc:
        return f"hides its real host: it reads as {parts.netloc.split('@')[0]!r} but goes to {parts.hostname!r}"
    host = parts.hostname or ""
    if not host.isascii() or any(label.startswith("xn--") for label in host.split(".")):
        return "has a host in letters of another script or in punycode (xn--), which can imitate another site"
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _FORWARDING or re.match(r"(?i)(https?:)?//", value):
            if re.match(r"(?i)(https?:)?//|[\w-]+\.[a-z]{2,}", value):
                return f"looks like it forwards to another site ({key}={value})"
    return None
