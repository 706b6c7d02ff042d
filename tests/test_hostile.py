"""A corpus of hostile and broken kits: each gives a clear message, never a traceback, and writes nothing."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote

import pytest
import yaml
from helpers import HOTLINE, LOCATIONS, MINIMAL_SETTINGS, flat, pdf_text
from typer.testing import CliRunner

from outreach import build
from outreach.cli import app
from outreach.kit.yamlsource import MAX_BYTES

MARKUP = '<script>alert(1)</script><b style="color:red">Bold</b> {{ 7*7 }} {% if 1 %}x{% endif %} url(https://example.org/x.png)'

PO_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\nLanguage: es\\nPlural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'


def svg(inside: str) -> str:
    """A picture of a blue square with `inside` on its third line."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="20">\n'
        '<rect width="20" height="20" fill="#036"/>\n'
        f"{inside}\n</svg>\n"
    )


SVG_LOGO = {"outreach.yaml": {**MINIMAL_SETTINGS, "brand": {"logo": "logo.svg"}}}
EMBED = "a picture must hold everything it shows: embed the picture (a data: URL) or use a PNG"
PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

# name → (files to write into a valid kit, a phrase the error must contain)
CORPUS = {
    "yaml object tag": ({"services/x.yaml": "name: !!python/object/apply:os.system [ls]\n"}, "the YAML tag"),
    "ten megabyte string": (
        {"services/x.yaml": "name: " + "a" * (MAX_BYTES * 2) + "\n"},
        "a kit file may be at most 5 MB",
    ),
    "invalid utf-8": ({"services/x.yaml": b"name: caf\xe9\n"}, "is not UTF-8 text"),
    "alias bomb": (
        {
            "services/x.yaml": "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]\n" for i in range(6))
        },
        "holds more than",
    ),
    "deep nesting": ({"services/x.yaml": "name: " + "[" * 200 + "]" * 200 + "\n"}, "nested more than"),
    "duplicate location ids": ({"locations.yaml": {"locations": [LOCATIONS["locations"][0]] * 2}}, "is used twice"),
    "region nothing serves": (
        {
            "services/national-hotline.yaml": {**HOTLINE, "regions": ["north"]},
            "locations.yaml": {"locations": [{**LOCATIONS["locations"][0], "region": "south"}]},
        },
        "no service serves region 'south'",
    ),
    "format that does not exist": (
        {"locations.yaml": {"locations": [{**LOCATIONS["locations"][0], "formats": ["poster-huge"]}]}},
        "unknown format 'poster-huge'",
    ),
    "logo outside the kit": (
        {"outreach.yaml": {**MINIMAL_SETTINGS, "brand": {"logo": "../../etc/passwd"}}},
        "must be a file inside the kit's assets/ folder",
    ),
    "logo from the web": (
        {"outreach.yaml": {**MINIMAL_SETTINGS, "brand": {"logo": "https://example.org/logo.png"}}},
        "must be a file inside the kit's assets/ folder",
    ),
    "javascript url": ({"services/national-hotline.yaml": {**HOTLINE, "url": "javascript:alert(1)"}}, "javascript"),
    "url that hides its host": (
        {"services/national-hotline.yaml": {**HOTLINE, "url": "https://hotline.org@evil.example"}},
        "hides its real host: it reads as 'hotline.org' but goes to 'evil.example'",
    ),
    "url in look-alike letters": (
        {"services/national-hotline.yaml": {**HOTLINE, "url": "https://hotl\u0456ne.org"}},
        "has a host in letters of another script or in punycode",
    ),
    "url in punycode": (
        {"services/national-hotline.yaml": {**HOTLINE, "url": "https://xn--hotlne-3ya.org"}},
        "has a host in letters of another script or in punycode",
    ),
    "url that forwards": (
        {"services/national-hotline.yaml": {**HOTLINE, "url": "https://example.org/out?next=https://evil.example"}},
        "looks like it forwards to another site (next=https://evil.example)",
    ),
    "url with a bidi control": (
        {"services/national-hotline.yaml": {**HOTLINE, "url": "https://example.org/\u202egro.live"}},
        "holds invisible control characters",
    ),
    "format name that is a path": (
        {"outreach.yaml": {**MINIMAL_SETTINGS, "formats": {"../../tmp/x": {"viewing_distance_cm": 50}}}},
        "format name '../../tmp/x' must be lower-case letters, digits and dashes",
    ),
    "format name that is a formula": (
        {"outreach.yaml": {**MINIMAL_SETTINGS, "formats": {"=1+2": {"viewing_distance_cm": 50}}}},
        "format name '=1+2' must be lower-case letters, digits and dashes",
    ),
    "a date that does not exist": (
        {
            "services/national-hotline.yaml": "name: Hotline\nkind: hotline\nphone: 1-888-373-7888\n"
            "languages: [en, es]\nregions: all\nverified: 2026-02-30\n"
        },
        "services/national-hotline.yaml:6: error: verified: '2026-02-30' is not a real date",
    ),
    "copies beyond any print run": (
        {"locations.yaml": {"locations": [{**LOCATIONS["locations"][0], "copies": 10**30}]}},
        "copies: must be less than or equal to 100000",
    ),
    "staleness that never comes": (
        {"outreach.yaml": {**MINIMAL_SETTINGS, "stale_after_days": 10**20}},
        "stale_after_days: must be less than or equal to 3650",
    ),
    "a font that is not a font": (
        {"assets/fonts/NotoSans-Regular.ttf": b"not a font"},
        "NotoSans-Regular.ttf: error: is not a font outreach can read",
    ),
    "a catalogue in a charset nobody knows": (
        {"locales/es/messages.po": PO_HEADER.replace("UTF-8", "KLINGON") + 'msgid "Call"\nmsgstr "Llame"\n'},
        "locales/es/messages.po:1: error: Content-Type: gettext catalogue: unknown encoding: klingon",
    ),
    "a UTF-8 catalogue whose header says Latin-1": (
        {"locales/es/messages.po": PO_HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "Call"\nmsgstr "Llámenos"\n'},
        "the header says charset=ISO-8859-1, but the file is UTF-8",
    ),
    "a colon inside a value": (
        {"services/x.yaml": "name: X\nsummary: Call us: any time\n"},
        "services/x.yaml:2: error: a colon and a space inside a value start a new key: put the whole value in quotes",
    ),
    "a tab for indentation": (
        {"services/x.yaml": "name: X\nregions:\n\t- north\n"},
        "a tab: YAML indents with spaces only",
    ),
    "a colour read as a comment": (
        {"outreach.yaml": yaml.safe_dump(MINIMAL_SETTINGS) + "brand:\n  primary: #005f73\n"},
        "brand.primary: is empty: a # starts a comment in YAML",
    ),
    "a ZIP code read as a number": (
        {
            "services/national-hotline.yaml": yaml.safe_dump(HOTLINE)
            + "address:\n  street: 1 Main St\n  city: Allston\n  postal_code: 02134\n  confidential: false\n"
        },
        "address.postal_code: was read as a number, which loses a leading zero",
    ),
    "catalogue placeholder the message does not have": (
        {
            "locales/es/messages.po": PO_HEADER
            + 'msgid "Information checked: %(date)s"\nmsgstr "Verificado: %(numero)s"\n'
        },
        "locales/es/messages.po:5: error: msgstr: uses %(numero)s, which 'Information checked: %(date)s' does not have",
    ),
    "catalogue with a lone percent sign": (
        {"locales/es/messages.po": PO_HEADER + 'msgid "Free helpline"\nmsgstr "Línea 100% gratuita"\n'},
        "locales/es/messages.po:5: error: msgstr: has a lone % in 'Línea 100% gratuita'",
    ),
    "catalogue that adds a phone number": (
        {"locales/es/messages.po": PO_HEADER + 'msgid "Call"\nmsgstr "Llame al 612-555-0199, o"\n'},
        "locales/es/messages.po:5: error: msgstr: prints 612-555-0199, which 'Call' does not",
    ),
    # An SVG picture that reaches for another file: refused when the kit is read, naming the file and its line.
    "svg logo with a picture from the web": (
        {**SVG_LOGO, "assets/logo.svg": svg('<image href="https://example.org/x.png" width="9" height="9"/>')},
        f"assets/logo.svg:3: error: refers to https://example.org/x.png (<image href>), which outreach never fetches; {EMBED}",
    ),
    "svg logo reading a system file": (
        {**SVG_LOGO, "assets/logo.svg": svg('<image xlink:href="file:///etc/passwd" width="9" height="9"/>')},
        f"assets/logo.svg:3: error: refers to file:///etc/passwd (<image href>), which outreach never fetches; {EMBED}",
    ),
    "svg logo reading a service file": (
        {**SVG_LOGO, "assets/logo.svg": svg('<image href="../services/national-hotline.yaml" width="9" height="9"/>')},
        "assets/logo.svg:3: error: refers to ../services/national-hotline.yaml (<image href>)",
    ),
    "svg logo using another file": (
        {**SVG_LOGO, "assets/logo.svg": svg('<use href="other.svg#a"/>')},
        "assets/logo.svg:3: error: refers to other.svg#a (<use href>)",
    ),
    "svg logo importing a stylesheet": (
        {
            **SVG_LOGO,
            "assets/logo.svg": svg('<style>\nrect { fill: red }\n@import url("https://example.org/x.css");\n</style>'),
        },
        f"assets/logo.svg:5: error: @imports a stylesheet from elsewhere; {EMBED}",
    ),
    "svg logo with a web address in its css": (
        {**SVG_LOGO, "assets/logo.svg": svg("<style>rect { fill: url(https://example.org/x.svg#g) }</style>")},
        "assets/logo.svg:3: error: refers to https://example.org/x.svg#g (url() in its <style>)",
    ),
    "svg logo with a url split over lines": (
        {**SVG_LOGO, "assets/logo.svg": svg("<style>\nrect {\n  fill: url(\n  https://example.org/x.svg#g) }</style>")},
        "assets/logo.svg:5: error: refers to https://example.org/x.svg#g (url() in its <style>)",
    ),
    "svg logo with a url hidden by css escapes": (
        {**SVG_LOGO, "assets/logo.svg": svg(r"<style>rect { fill: \75 rl(https://example.org/x.svg#g) }</style>")},
        "assets/logo.svg:3: error: refers to https://example.org/x.svg#g (url() in its <style>)",
    ),
    "svg picture with a fill from another file": (
        {"assets/pictures/map.svg": svg('<rect width="5" height="5" fill="url(other.svg#g)"/>')},
        "assets/pictures/map.svg:3: error: refers to other.svg#g (url() in fill)",
    ),
    "svg logo declaring entities": (
        {
            **SVG_LOGO,
            "assets/logo.svg": '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
            + svg("<text>&b;</text>"),
        },
        "assets/logo.svg:2: error: declares a DOCTYPE, whose entities could read other files or grow without end",
    ),
    "svg logo with a stylesheet instruction": (
        {**SVG_LOGO, "assets/logo.svg": '<?xml-stylesheet href="https://example.org/x.css"?>\n' + svg("")},
        'assets/logo.svg:1: error: loads a stylesheet from elsewhere (href="https://example.org/x.css")',
    ),
    "svg logo embedding an svg that reaches out": (
        {
            **SVG_LOGO,
            "assets/logo.svg": svg(
                '<image width="9" height="9" href="data:image/svg+xml;base64,'
                + base64.b64encode(svg('<image href="https://example.org/x.png"/>').encode()).decode()
                + '"/>'
            ),
        },
        "assets/logo.svg:3: error: embeds an SVG picture (<image href>) that refers to https://example.org/x.png",
    ),
    "svg logo that is not xml": (
        {**SVG_LOGO, "assets/logo.svg": "<svg><rect></svg>"},
        "assets/logo.svg:1: error: is not an SVG outreach can read: mismatched tag",
    ),
}

# Template references that must stop the build (the fetcher refuses them; a fatal error, not a warning).
TEMPLATE_REFERENCES = {
    "file url": ('<img src="file:///etc/hostname">', "outside the kit and the built-in folders"),
    "http url": ('<img src="http://example.org/x.png">', "refused to fetch http://example.org/x.png"),
    "dot-dot path": ('<img src="../../../../../../etc/hostname">', "outside the kit and the built-in folders"),
    "css import": (
        '<style>@import url("https://example.org/x.css");</style>',
        "refused to fetch https://example.org/x.css",
    ),
    "python from a template": ("{{ format.__class__.__mro__ }}", "tried something templates may not do"),
    "attachment of a file that is not an asset": (
        '<link rel="attachment" href="../README.md">',
        "a page may use only fonts and pictures",
    ),
    "a data file from the assets folder": (
        '<link rel="attachment" href="../assets/formats.yaml">',
        "a page may use only fonts and pictures",
    ),
    # Inside an SVG, WeasyPrint swallows a refused fetch and leaves the picture half drawn: still an error.
    "inline svg with a picture from the web": (
        '<svg style="position: absolute" width="9" height="9">'
        '<image href="https://example.org/x.png" width="9" height="9"/></svg>',
        "refused to fetch https://example.org/x.png",
    ),
    "svg data url reading a system file": (
        '<img style="position: absolute" alt="" src="data:image/svg+xml,'
        + quote(svg('<image href="file:///etc/hostname" width="9" height="9"/>'))
        + '">',
        "outside the kit and the built-in folders",
    ),
}

# CSS in a kit's template that hides text the page holds → what the error says about it (it also names the
# template and the document); text cut off by its box first shrinks, in case it then shows.
HIDING = {
    "a number cut off by a box too small for it": (
        ".lead-line .reach.first .number { display: inline-block; height: 2pt; overflow: hidden }",
        "templates/poster.html hides text, even with the type shrunk to the 16 pt minimum: "
        "'1-888-373-7888' is cut off by span.number, which hides what does not fit in it (overflow: hidden) (page 1)",
    ),
    "a line cut off by its maximum height": (
        ".reach { max-height: 1pt; overflow: hidden }",
        "'Call' is cut off by p.reach, which hides what does not fit in it (overflow: hidden)",
    ),
    "a number clipped": (
        ".lead-line .reach.first .number { position: absolute; clip: rect(0pt, 0pt, 0pt, 0pt) }",
        "'1-888-373-7888' is cut off by span.number, which hides what does not fit in it (clip)",
    ),
    "a number cut short by an ellipsis": (
        ".number { display: inline-block; width: 30pt; overflow: hidden; white-space: nowrap; text-overflow: ellipsis }",
        "'1-888-373-7888' is cut off by span.number",
    ),
    "a number of size 0": (
        ".number { font-size: 0 !important }",
        "templates/poster.html hides text: '1-888-373-7888' is drawn invisible (font-size: 0) (page 1)",
    ),
    "a number made invisible": (
        ".number { visibility: hidden }",
        "'1-888-373-7888' is drawn invisible (visibility: hidden)",
    ),
    "a number made transparent": (".number { display: inline-block; opacity: 0 }", "is drawn invisible (opacity: 0)"),
    "a number flattened": (
        ".number { display: inline-block; transform: scale(0) }",
        "'1-888-373-7888' is drawn invisible (a transform that flattens it to nothing)",
    ),
    "a number in the colour of the paper": (
        ".number { color: #fff !important }",
        "'1-888-373-7888' does not show on the printed page: it is drawn in the colour of what is behind it, or covered",
    ),
    "a box drawn over the text": (
        ".lead-line { position: relative } .lead-line::after { content: ''; position: absolute; "
        "left: 0; right: 0; top: 0; bottom: 0; background: white }",
        "does not show on the printed page: it is drawn in the colour of what is behind it, or covered",
    ),
}


def write(kit, files):
    for name, content in files.items():
        path = kit / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            import yaml

            path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args], terminal_width=240)


@pytest.mark.parametrize("name", list(CORPUS))
def test_a_hostile_kit_gets_a_clear_error_and_nothing_is_written(name, make_kit, tmp_path):
    files, phrase = CORPUS[name]
    kit = make_kit()
    write(kit, files)
    checked = run("check", kit)
    assert checked.exit_code == 1, checked.output
    assert phrase in checked.stderr
    assert "Traceback" not in checked.output
    assert checked.exception is None or isinstance(checked.exception, SystemExit)
    built = run("build", kit, "-o", tmp_path / "out", "--quiet")
    assert built.exit_code == 1
    assert phrase in built.stderr
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "kit"] == []


@pytest.mark.render
@pytest.mark.parametrize("name", list(TEMPLATE_REFERENCES))
def test_a_hostile_template_stops_the_build(name, make_kit, tmp_path):
    snippet, phrase = TEMPLATE_REFERENCES[name]
    kit = make_kit(
        {
            "templates/poster.html": '{% extends "builtin/poster.html" %}{% block body %}'
            + snippet
            + "{{ super() }}{% endblock %}"
        }
    )
    built = run("build", kit, "-o", tmp_path / "out", "--quiet")
    assert built.exit_code == 1, built.output
    assert phrase in built.stderr
    assert built.exception is None or isinstance(built.exception, SystemExit)
    assert not (tmp_path / "out").exists()


@pytest.mark.render
@pytest.mark.parametrize("name", list(HIDING))
def test_css_that_hides_text_stops_the_build(name, make_kit, tmp_path):
    css, phrase = HIDING[name]
    kit = make_kit(
        {
            "templates/poster.html": '{% extends "builtin/poster.html" %}{% block style %}{{ super() }}'
            + css
            + "{% endblock %}"
        }
    )
    built = run("build", kit, "-o", tmp_path / "out", "--quiet", "--locale", "en", "--jobs", "1")
    assert built.exit_code == 1, built.output
    assert "location clinic-a, format poster-letter, locale en: templates/poster.html hides text" in built.stderr
    assert phrase in built.stderr
    assert "A page must show all of its text" in built.stderr
    assert built.exception is None or isinstance(built.exception, SystemExit)
    assert not (tmp_path / "out").exists()


@pytest.mark.render
def test_a_clean_svg_logo_builds(make_kit, tmp_path):
    """References inside the picture (#id) and pictures embedded in it (data:) are what an SVG should hold."""
    logo = svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        '<rect id="a" width="4" height="4"/></defs>\n<style>rect.b { fill: url(#g) }</style>'
        '<use href="#a" fill="url(#g)"/><use xlink:href="#a" x="5"/>'
        f'<image width="2" height="2" href="data:image/png;base64,{PIXEL_PNG}"/>'
    )
    kit = make_kit({**SVG_LOGO, "assets/logo.svg": logo})
    assert run("check", kit).exit_code == 0
    built = run("build", kit, "-o", tmp_path / "out", "--quiet", "--locale", "en", "--jobs", "1")
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out" / "clinic-a" / "poster-letter.en.pdf").is_file()


@pytest.mark.render
def test_markup_in_every_text_field_is_printed_as_text_with_a_warning(make_kit, tmp_path):
    kit = make_kit(
        {
            "outreach.yaml": {
                **MINIMAL_SETTINGS,
                "organisation": MARKUP,
                "regions": {"north": MARKUP, "south": "South"},
            },
            "services/national-hotline.yaml": {**HOTLINE, "name": MARKUP, "summary": MARKUP, "hours": MARKUP},
            "services/local.yaml": {
                **HOTLINE,
                "kind": "legal",
                "phone": "612-555-0140",
                "text": None,
                "name": {"en": MARKUP, "es": MARKUP},
                "regions": ["north"],
            },
        }
    )
    checked = run("check", kit, "--format", "json")
    report = json.loads(checked.stdout)
    flagged = {(p["file"], p["field"]) for p in report["problems"] if "looks like markup" in p["message"]}
    assert {
        ("outreach.yaml", "organisation"),
        ("outreach.yaml", "regions.north"),
        ("services/national-hotline.yaml", "name"),
        ("services/national-hotline.yaml", "summary"),
        ("services/national-hotline.yaml", "hours"),
        ("services/local.yaml", "name.es"),
    } <= flagged
    report = build(kit, tmp_path / "out", locales=["en"])
    text = flat(" ".join(pdf_text(report.out / "clinic-a" / "poster-letter.en.pdf")))
    assert text.count("<script>alert(1)</script>") >= 3
    assert "{{ 7*7 }}" in text and "49" not in text


def test_a_byte_order_mark_and_windows_line_ends_are_fine(make_kit):
    kit = make_kit()
    yaml_text = (kit / "services" / "national-hotline.yaml").read_text(encoding="utf-8")
    (kit / "services" / "national-hotline.yaml").write_bytes(b"\xef\xbb\xbf" + yaml_text.replace("\n", "\r\n").encode())
    assert run("check", kit).exit_code == 0


def test_check_speaks_json_for_ci(make_kit):
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "phone": "12"}})
    result = run("check", kit, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1
    (problem,) = [p for p in report["problems"] if p["severity"] == "error"]
    assert problem["file"] == "services/national-hotline.yaml" and problem["field"] == "phone" and problem["line"] == 4


@pytest.mark.render
def test_a_translation_is_text_never_markup(make_kit, tmp_path):
    """Jinja marks what gettext returns as safe HTML: a catalogue could hide every number and run script."""
    hostile = "Llame al<style>.number{display:none}</style><script>alert(1)</script>"
    call = 'msgctxt "verb, before a phone number"\nmsgid "Call"'
    kit = make_kit({"locales/es/messages.po": PO_HEADER + f'{call}\nmsgstr "{hostile}"\n'})
    report = build(kit, tmp_path / "out", locales=["es"])
    (poster,) = report.documents
    text = flat(" ".join(pdf_text(poster.pdf)))
    assert "<style>.number{display:none}</style>" in text.replace(" ", "")  # printed as written (it wraps)
    assert "1-888-373-7888" in text and "233733" in text  # and the real numbers still print
    page = (report.out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<style>.number" not in page


def test_no_csv_cell_outreach_writes_is_a_formula():
    from outreach.output import manifest_csv

    written = manifest_csv([{"location": "=HYPERLINK(1)", "format": "+1", "locale": "-x", "file": "@a"}])
    rows = written.decode("utf-8").splitlines()
    assert rows[1].split(",")[:4] == ["'=HYPERLINK(1)", "'+1", "'-x", "'@a"]


def test_a_reviewed_address_that_looks_misleading_may_be_printed_with_its_reason(make_kit):
    punycode = "https://xn--hotlne-3ya.org"
    kit = make_kit({"services/national-hotline.yaml": {**HOTLINE, "url": punycode}})
    assert "has a host in letters of another script or in punycode" in run("check", kit).stderr
    allowed = {"url": punycode, "reason": "the agency's own domain, checked with their IT staff"}
    write(kit, {"outreach.yaml": {**MINIMAL_SETTINGS, "allow_urls": [allowed]}})
    checked = run("check", kit)
    assert checked.exit_code == 0, checked.stderr
    write(kit, {"outreach.yaml": {**MINIMAL_SETTINGS, "allow_urls": [{**allowed, "reason": "fine"}]}})
    assert "say in a sentence why this address is right" in run("check", kit).stderr
