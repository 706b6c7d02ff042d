"""The pseudo-locale `en-XA`: English, accented and about 40 % longer.

It shows, before any real translation arrives, where a layout breaks when text
grows (Somali or Vietnamese run longer than English) and where a string was
printed without going through gettext (it stays plain). Placeholders such as
`%(number)s` are kept as they are; digits are never changed.
"""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"(%\([a-z_]+\)[sd]|%%)")
_VOWELS = set("aeiouyAEIOUY")
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺḿñóþǫŕśŧúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹḾÑÓÞǪŔŚŦÚṼŴẊÝŽ",
)


def _stretch(text: str) -> str:
    # Doubling the vowels makes English about 40 % longer and keeps every word breakable where it was.
    return "".join(ch * 2 if ch in _VOWELS else ch for ch in text).translate(_ACCENTED)


def pseudolocalize(text: str) -> str:
    """`text` accented and lengthened, its placeholders untouched, in brackets to show where it ends."""
    if not text:
        return text
    parts = _PLACEHOLDER.split(text)
    return "[" + "".join(part if _PLACEHOLDER.fullmatch(part) else _stretch(part) for part in parts) + "]"
