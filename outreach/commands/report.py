"""What a build reports: the documents it planned, what it rendered and reused, its warnings, what to reprint
and what the print folder holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..planning.documents import Document
from ..planning.reprint import Reprint
from ..printing.folder import PrintSummary


@dataclass
class BuildReport:
    out: Path
    documents: list[Document] = field(default_factory=list)
    rendered: int = 0
    """Distinct documents rendered by this build: identical ones once, unchanged ones not at all."""
    reused: int = 0
    """Documents taken unchanged from the previous build."""
    warnings: list[Problem] = field(default_factory=list)
    reprint: Reprint = field(default_factory=Reprint)
    """What changed on paper since the previous build (also OUT/reprint.csv)."""
    peak_worker_memory: int = 0
    """The largest peak resident memory of a process that rendered a document or made a print file, in bytes."""
    printed: PrintSummary = field(default_factory=PrintSummary)
    """What OUT/print/ holds: bundles, run sheets, the reprint bundle, and every piece to post."""

    @property
    def distinct(self) -> int:
        return len({doc.sha256 for doc in self.documents})

    @property
    def planned(self) -> int:
        return len(self.documents)

    def lines(self) -> list[str]:
        """What is to reprint and what the print folder holds, one line each."""
        return self.reprint.summary() + self.printed.lines()
