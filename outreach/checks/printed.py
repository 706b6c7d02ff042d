"""Checks on the rendered PDFs, run by the build before anything is written.

Every document's smallest type is measured against its format's minimum size,
the posting laws' measured rules are applied (see posted.py), discreet pages
are read for revealing words (discreet.py) and every page for a confidential
address (secrets.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Problem
from ..kit.load import Kit
from ..pages import templating
from ..render.measure import Printed, measure
from . import compliance, discreet, posted, secrets


class Measurements:
    """Each distinct PDF measured once."""

    def __init__(self) -> None:
        self._found: dict[bytes, Printed] = {}

    def __call__(self, pdf: bytes) -> Printed:
        if pdf not in self._found:
            self._found[pdf] = measure(pdf)
        return self._found[pdf]


def template_file(kit: Kit, name: str) -> str:
    """The template a document was made from, as a person would look for it."""
    return templating.template_file(kit.root, name)


def type_size(kit: Kit, documents: Sequence[compliance.Document], measured: Measurements) -> list[Problem]:
    problems = []
    for doc in documents:
        fmt = doc.job.format
        size = doc.smallest_pt  # measured where it was rendered
        if 0 < size + 0.05 < fmt.min_font_pt:
            size, run = measured(doc.pdf).smallest()
            problems.append(
                Problem(
                    template_file(kit, fmt.template),
                    0,
                    doc.job.file,
                    (
                        f"text at {size:g} pt ({run!r}) is under {fmt.name}'s minimum of {fmt.min_font_pt:g} pt; "
                        "make it larger or shorten what surrounds it"
                    ),
                )
            )
    return problems


def check_printed(kit: Kit, documents: Sequence[compliance.Document]) -> list[Problem]:
    measured = Measurements()
    found = type_size(kit, documents, measured) + posted.check_printed(kit, documents, measured)
    found += secrets.check_printed(kit, documents, lambda pdf: measured(pdf).text)
    return found + discreet.check_printed(kit, documents)
