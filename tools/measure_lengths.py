"""How long may each built-in message's translation be? Measured on the layouts, format by format.

For every message of locales/messages.pot and every built-in format whose pages print it, the page is made
as a build makes it (outreach.pages.page.page, then the type fitting of outreach.render.fit) for the sample
kit's locations, in French, a language with no built-in catalogue: every other message prints in English.
That one message is translated as Latin text (lorem ipsum) of a given length, and the length is searched
(grown by half, then bisected) for the longest translation with which the page still fits with its type at
the format's minimum size: what a build accepts; one character more and the build fails with "the content
needs more room than the page has". Lengths count characters without the %(name)s placeholders. A message
is measured on every distinct page of the sample kit that prints it in that format (north and south
regions, standard and discreet locations), and the smallest result is kept; no result means more than
CAP characters fit. A message no page of the sample kit prints (STAND_INS) takes the limits of one printed
in the very same place. The layouts' own checks decide, nothing else: the lead number's digit height and
the other checks of a rendered PDF are not run.

The run sheet is not fitted (it wraps and takes more pages): its column headings are measured for the
longest that stays on one line of its column; its other messages have no length limit.

Run from a checkout; everything takes about half an hour on one core (some 9,000 layouts):

    .venv/bin/python tools/measure_lengths.py                       # every message, every format: a table
    .venv/bin/python tools/measure_lengths.py --formats wallet-card --messages Call
    .venv/bin/python tools/measure_lengths.py --json lengths.json   # the results, for --write later
    .venv/bin/python tools/measure_lengths.py --write lengths.json  # put them into the templates' comments

`--write` puts each message's numbers into the `{# Translators: ... #}` comment just before it in the
built-in templates, as "At most N characters on FORMAT, M on FORMAT (measured on the sample kit with
tools/measure_lengths.py)." (outreach.i18n.overlong reads that sentence back from the POT); then run
`outreach i18n extract`. Not part of the package: the numbers change only when a layout does.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

import outreach.pages.templating as templating
from outreach.errors import BuildError
from outreach.i18n.catalogues import template_catalogue
from outreach.kit.jobs import Job, plan
from outreach.kit.load import Kit, load_kit
from outreach.pages.page import PrintMode, page
from outreach.paths import builtin_root, sample_kit_dir, templates_dir
from outreach.planning.documents import Document
from outreach.printing.runsheet import run_sheet_html
from outreach.printing.selection import selections
from outreach.render.engine import Renderer
from outreach.render.fit import _Search, pages_apart, smallest_scale
from outreach.render.overflow import _lines, _sections

LOCALE = "pt"
"""A Latin-script language CLDR knows and outreach has no catalogue for: every other message stays English."""
FORMATS = [
    "small-label",
    "wallet-card",
    "wallet-card-iso",
    "stall-sticker",
    "mirror-cling",
    "tearoff-letter",
    "poster-letter",
    "poster-a4",
    "poster-tabloid",
    "poster-a3",
    "bus-card",
]
"""The built-in formats whose pages are fitted, smallest first. Card and label sheets print the same faces at
the same size in boxes of the same size, so their limits are their cards'; the posting laws' notices print the
law's words, and take no translation but the lines' (measured on the posters)."""
RUN_SHEET = "run-sheet"
STAND_INS = {
    "Scan to text": ["Scan to call"],
    "Scan to open the website": ["Scan to call"],
    "Health care": [
        "Someone to help you find services",
        "Help with housing",
        "Legal help",
        "A place to stay|kind of service",
    ],
    "More help|kind of service": [
        "Someone to help you find services",
        "Help with housing",
        "Legal help",
        "A place to stay|kind of service",
    ],
}
"""Messages no page of the sample kit prints (its QR codes all start calls; it has no clinic or "other" service
where a piece names services by their kind) → messages printed in the very same place, whose limits they take."""
CAP = 700
"""Longer than this is "no limit": nothing built in is meant to be that long."""
LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et "
    "dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex "
    "ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu "
    "fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt "
    "mollit anim id est laborum. "
) * 4
_PLACEHOLDER = re.compile(r"%\(\w+\)s")
MEASURED = "(measured on the sample kit with tools/measure_lengths.py)"
_SENTENCE = re.compile(
    r"At most \d+ characters[^(]*\(measured[^)]*\)\.|No length limit:[^(.]*(?:\(measured[^)]*\))?\.|\[\[[^\]]*\]\]"
)


def key_of(message) -> tuple[str, str | None]:
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


def visible(text: str) -> int:
    """Characters a reader sees, the placeholders left out."""
    return len(_PLACEHOLDER.sub("", text))


def filler(length: int, source: str) -> str:
    """`length` characters of Latin text, then the source's placeholders, each after a space."""
    text = LOREM[:length].rstrip() if length else ""
    return " ".join([text] + _PLACEHOLDER.findall(source)).strip()


class Catalogues:
    """The translations every page is made with: patched into outreach.pages.templating."""

    def __init__(self) -> None:
        self.current = Translations()
        templating.translations = lambda code, kit_root: self.current  # type: ignore[assignment]

    def use(self, strings: dict[tuple[str, str | None], str], plurals: dict[tuple[str, ...], str]) -> None:
        catalogue = Catalog(locale=LOCALE)
        catalogue.mime_headers = [("Plural-Forms", "nplurals=2; plural=(n > 1);")]
        for (msgid, context), text in strings.items():
            catalogue.add(msgid, text, context=context)
        for ids, text in plurals.items():
            catalogue.add(ids, (text, text))
        buffer = io.BytesIO()
        write_mo(buffer, catalogue)
        buffer.seek(0)
        self.current = Translations(fp=buffer)


@dataclass
class Page:
    kit: Kit
    location: object
    format: str

    def html(self) -> tuple[str, object]:
        job = Job(self.location, self.kit.formats[self.format], LOCALE)  # type: ignore[arg-type]
        return page(self.kit, PrintMode(), job)


class Measure:
    def __init__(self, kit: Kit) -> None:
        self.kit = kit
        self.engine = Renderer([kit.root, builtin_root()])
        self.base = templates_dir().as_uri() + "/"
        self.catalogues = Catalogues()
        self.layouts = 0

    def fits(self, where: Page, marker: str) -> bool:
        """Whether the page fits as a build fits it (outreach.render.fit.render_to_fit): at its designed
        sizes, or shrunk as far as the format's minimum allows; each face of a card on its own."""
        html, checks = where.html()
        pages = checks.expectation.pages  # type: ignore[attr-defined]
        apart = pages_apart(html, pages) if checks.grow and pages > 1 else None  # type: ignore[attr-defined]
        parts = [part for part in apart if marker in part] if apart else [html]
        for part in parts:
            search = _Search(
                self.engine,
                part,
                self.base,
                where.format,
                1 if apart else pages,
                checks.min_font_pt,  # type: ignore[attr-defined]
                checks.safe_pt,  # type: ignore[attr-defined]
                checks.template,  # type: ignore[attr-defined]
            )
            try:
                self.layouts += 1
                if search.fits(1.0):
                    continue
                self.layouts += 1
                if not search.fits(round(smallest_scale(part, checks.min_font_pt), 4)):  # type: ignore[attr-defined]
                    return False
            except BuildError:  # text drawn invisibly: a build fails too
                return False
        return True

    def longest(self, start: int, fits: Callable[[int], bool]) -> int | None:
        """The longest length that fits (None: even CAP characters fit), grown from `start` then bisected to
        within 1 character under 40 and 2.5 % above; then a half, three quarters and nine tenths of it are
        tried too, and a failure there is searched below (a layout need not fail only past one length)."""
        lo, hi = 0, max(4, start)
        while fits(hi):
            lo = hi
            if hi >= CAP:
                return None
            hi = min(CAP, int(hi * 1.5) + 1)
        while True:
            while hi - lo > max(1, int(lo * 0.025)):
                middle = (lo + hi) // 2
                if fits(middle):
                    lo = middle
                else:
                    hi = middle
            shorter = next((n for n in (lo // 2, lo * 3 // 4, lo * 9 // 10) if 0 < n < lo and not fits(n)), None)
            if shorter is None:
                return lo
            lo, hi = 0, shorter

    def message(self, key: tuple[str, str | None], where: list[Page]) -> int | None:
        """The longest translation of `key` that fits on every one of `where` (None: no limit found)."""
        english = visible(key[0])

        def fits(length: int) -> bool:
            text = filler(length, key[0])
            self.catalogues.use({key: text}, {})
            marker = LOREM[: min(length, 20)].strip() or text
            return all(self.fits(page, marker) for page in where)

        found = self.longest(english, fits)
        return None if found is None else visible(filler(found, key[0]))


def appearances(kit: Kit, catalogues: Catalogues, keys: list[tuple[str, str | None]], formats: list[str]):
    """(message key, format) → the distinct pages of the sample kit that print it, found by translating every
    message as a marker and reading the pages' HTML."""
    markers = {key: f"Qz{index}zQ" for index, key in enumerate(keys)}
    catalogues.use(dict(markers), {})
    found: dict[tuple[tuple[str, str | None], str], list[Page]] = {}
    for name in formats:
        seen: set[str] = set()
        for location in kit.locations:
            where = Page(kit, location, name)
            html = where.html()[0]
            if html in seen:  # the same page (a card is the same wherever the services are the same)
                continue
            seen.add(html)
            for key, marker in markers.items():
                if re.search(rf"{marker}(?!\d)", html):
                    found.setdefault((key, name), []).append(where)
    return found


def run_sheet_headings(kit: Kit, measure: Measure, keys: list[tuple[str, str | None]]) -> dict:
    """Each column heading's longest translation that stays on one line of its column."""
    docs = [Document(job, 1, "", Path("/nonexistent")) for job in plan(kit)]
    chosen = selections(kit, docs, False)
    region = chosen[0].location.region
    places = [s for s in chosen if s.location.region == region]
    results = {}
    for key in keys:

        def fits(length: int, key=key) -> bool:
            text = filler(length, key[0])
            measure.catalogues.use({key: text}, {})
            html = run_sheet_html(kit, region, places, set())
            document = measure.engine.layout(html, measure.base, "run sheet")
            measure.layouts += 1
            page = document.pages[0]._page_box
            lines = [line for section in _sections(page) for line in _lines(section)]
            mine = [line for line in lines if line.text in text and any(b[0] == "th" for b in line.blocks)]
            return len(mine) == 1 and mine[0].text == text

        found = measure.longest(visible(key[0]), fits)
        results[key] = None if found is None else visible(filler(found, key[0]))
    return results


def measure_all(formats: list[str], only: list[str]) -> dict:
    kit = load_kit(sample_kit_dir())
    measure = Measure(kit)
    messages = [m for m in template_catalogue() if m.id and not all("index.html" in f for f, _ in m.locations)]
    keys = [key_of(m) for m in messages if isinstance(m.id, str) and (not only or m.id in only)]
    fitted = [name for name in formats if name != RUN_SHEET]
    found = appearances(kit, measure.catalogues, keys, fitted)
    results: dict = {}
    started = time.monotonic()
    for key in keys:
        for name in fitted:
            where = found.get((key, name))
            if not where:
                continue
            before = measure.layouts
            limit = measure.message(key, where)
            results.setdefault(_label(key), {})[name] = limit
            print(
                f"{_label(key)[:60]!r:64} {name:16} {f'≥ {CAP}' if limit is None else limit:>6} "
                f"(English {visible(key[0])}; {len(where)} page(s), {measure.layouts - before} layouts, "
                f"{time.monotonic() - started:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
    for label, siblings in STAND_INS.items():
        for name in fitted:
            if name in results.get(label, {}):
                continue
            borrowed = [results[s][name] for s in siblings if name in results.get(s, {})]
            if borrowed:
                known = [n for n in borrowed if n is not None]
                results.setdefault(label, {})[name] = min(known) if known else None
                results[label].setdefault("as", next(s for s in siblings if name in results.get(s, {})))
    if RUN_SHEET not in formats:
        return results
    run_sheet = [m for m in messages if any("run-sheet.html" in f for f, _ in m.locations)]
    headings = [key_of(m) for m in run_sheet if m.context == "run sheet column" and (not only or m.id in only)]
    for key, limit in run_sheet_headings(kit, measure, headings).items():
        results.setdefault(_label(key), {})[RUN_SHEET] = limit
        print(f"{_label(key)!r:64} {RUN_SHEET:16} {limit:>6} (one line of its column)", file=sys.stderr, flush=True)
    for message in run_sheet:
        key = key_of(message)
        if not only or key[0] in only:
            results.setdefault(_label(key), {}).setdefault(RUN_SHEET, "wraps")
    measure.engine.close()
    return results


def _label(key: tuple[str, str | None]) -> str:
    """A message as the results name it: its msgid, with `|context` when it has one."""
    return f"{key[0]}|{key[1]}" if key[1] else key[0]


def sentence(limits: dict, formats: set[str] | None = None) -> str:
    """The sentence of a message's translator comment that gives its limits (on `formats`, or every one)."""
    shown = {f: n for f, n in limits.items() if f not in (RUN_SHEET, "as") and (not formats or f in formats)}
    fitted = sorted(((n, f) for f, n in shown.items() if n is not None), key=lambda x: x[0])
    unlimited = [f for f, n in shown.items() if n is None]
    over = f"over {CAP} fit on {_and(unlimited)}" if unlimited else ""
    sheet = limits.get(RUN_SHEET)
    fitted = [(rounded(n), f) for n, f in fitted]
    measured = MEASURED
    if "as" in limits:
        stand_in = limits["as"].split("|")[0]
        measured = MEASURED.replace("(measured", f'(measured in the place of "{stand_in}", which it takes,')
    if fitted:
        parts = [f"{fitted[0][0]} characters on {fitted[0][1]}"] + [f"{n} on {f}" for n, f in fitted[1:]]
        return f"At most {', '.join(parts)}{'; ' + over if over else ''} {measured}."
    if over:
        return f"No length limit: over {CAP} characters fit on {_and(unlimited)} {measured}."
    if isinstance(sheet, int):
        return f"At most {rounded(sheet)} characters fit on one line of its run sheet column, longer wraps {MEASURED}."
    if sheet == "wraps":
        return "No length limit: the run sheet wraps it onto more lines."
    return "No length limit: it is printed across the page and not fitted."


def _and(names: list[str]) -> str:
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def rounded(length: int) -> int:
    """A measured length as the comments give it: rounded down to a multiple of 5 from 20 on."""
    return length if length < 20 else length - length % 5


def write(results: dict) -> None:
    """Each message's limits into the Translators comment just before it in the built-in templates."""
    from jinja2.ext import babel_extract

    catalogue = load_kit(sample_kit_dir()).formats
    for path in sorted(templates_dir().glob("*.html")):
        own = {name for name, fmt in catalogue.items() if fmt.template == path.name} & set(FORMATS)
        lines = path.read_text(encoding="utf-8").split("\n")
        options = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}
        with path.open("rb") as handle:
            calls = list(babel_extract(handle, ("gettext", "ngettext", "pgettext", "_"), ["Translators:"], options))
        for lineno, function, message, _comments in calls:
            args = message if isinstance(message, tuple) else (message,)
            if function == "pgettext":
                label = f"{args[1]}|{args[0]}"
            else:
                label = args[0]
            label = " ".join(label.split())
            limits = results.get(label)
            if limits is None:
                continue
            at = next((i for i in range(lineno - 1, -1, -1) if "Translators:" in lines[i]), None)
            if at is None:
                print(f"{path.name}:{lineno}: {label!r} has no Translators comment", file=sys.stderr)
                continue
            said = sentence(limits, own or None)  # a format's own template: its own limits
            updated, count = _SENTENCE.subn(said.replace("\\", "\\\\"), lines[at], count=1)
            if not count:
                updated = lines[at].replace(" #}", f" {said} #}}", 1)
            lines[at] = updated
        path.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--formats", help=f"comma-separated formats (default: every fitted one, and {RUN_SHEET})")
    parser.add_argument("--messages", help="comma-separated msgids (default: every message)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument("--write", type=Path, help="put the results of this file into the templates' comments")
    args = parser.parse_args()
    if args.write:
        write(json.loads(args.write.read_text(encoding="utf-8")))
        return
    formats = args.formats.split(",") if args.formats else [*FORMATS, RUN_SHEET]
    results = measure_all(formats, args.messages.split(",") if args.messages else [])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    for label, limits in results.items():
        print(f"{label}: {sentence(limits)}")


if __name__ == "__main__":
    main()
