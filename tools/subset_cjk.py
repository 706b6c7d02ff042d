"""Make the bundled Chinese fonts: Noto Sans CJK SC cut down to the characters outreach prints.

The full font is 19 MB a weight; outreach ships only the characters its
built-in zh-Hans catalogue, the sample kit, the language names, dates and lists
need, plus ASCII and CJK punctuation. Run it again after changing the zh-Hans
catalogue (the glyph check names any character that is missing):

    apt-get download fonts-noto-cjk && dpkg -x fonts-noto-cjk_*.deb /tmp/noto-cjk
    .venv/bin/python tools/subset_cjk.py /tmp/noto-cjk/usr/share/fonts/opentype/noto

To print Chinese text beyond these characters, put a fuller font in your kit
under the same file name (KIT/assets/fonts/NotoSansCJKsc-Regular.subset.otf and
...-Bold.subset.otf); see README, "Fonts".
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from babel.messages.pofile import read_po
from fontTools import subset
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from outreach.i18n.locales import FONT_FACES, OWN, format_list, language_name, locale_info  # noqa: E402

CODE = "zh-Hans"
SC_INDEX = 2  # Noto Sans CJK's collection: JP, KR, SC, TC, HK, ...
EXTRA = "，。：；？！、（）《》〈〉「」『』“”‘’…—·年月日和"


def characters() -> set[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)} | set(EXTRA)
    with (REPO / "locales" / CODE / "messages.po").open("rb") as handle:
        for message in read_po(handle):
            strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
            chars.update("".join(s for s in strings if s))
    for path in (REPO / "sample").rglob("*.yaml"):

        def walk(node):
            if isinstance(node, dict):
                for key, value in node.items():
                    if key == CODE and isinstance(value, str):
                        chars.update(value)
                    walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    codes = {p.parent.name for p in (REPO / "locales").glob("*/messages.po")} | set(OWN) | {"en"}
    chars.update(format_list([language_name(code, CODE) for code in sorted(codes)], CODE))
    chars.update(locale_info(CODE).name)
    return {c for c in chars if not c.isspace() or c == " "}


def main(source: Path) -> None:
    text = "".join(sorted(characters()))
    for index, name in enumerate(("Regular", "Bold")):
        font = TTFont(source / f"NotoSansCJK-{name}.ttc", fontNumber=SC_INDEX, recalcTimestamp=False)
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        target = REPO / "assets" / FONT_FACES["Outreach CJK"][index]
        font.save(target)
        print(f"{target}: {len(text)} characters, {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto"))
