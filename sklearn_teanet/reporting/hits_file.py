"""``hits.csv`` written as a batch goes: a run of 100,000 spectra keeps what it found so far, and never leaves the
file half-written."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pandas as pd

from ..identification import spreadsheet_safe

__all__ = ["HitsFile", "hits_table"]


def hits_table(table: pd.DataFrame) -> pd.DataFrame:
    """The hit lists as ``hits.csv`` holds them: ranks 1, 2, ... (empty for an unread file, not 1.0), and no cell a
    spreadsheet would run as a formula."""
    return spreadsheet_safe(table.assign(rank=table["rank"].astype("Int64")))


class HitsFile:
    """``hits.csv`` in ``out``, appended chunk by chunk to a ``.part`` file that takes its name when the run ends.

    Parameters
    ----------
    out : path-like
        The run's folder.
    """

    def __init__(self, out: str | os.PathLike) -> None:
        self.path = Path(out) / "hits.csv"
        # Not mkstemp: its files are private (0600), and results are shared like any file the user writes.
        self.temporary = self.path.with_name(f"hits.csv.{uuid.uuid4().hex[:12]}.part")
        self.written = 0  # hit lists (frames) written so far
        self._columns: list | None = None

    def write(self, frames: list[pd.DataFrame]) -> None:
        """Append these spectra's hit lists."""
        if frames:
            self._append(pd.concat(frames, ignore_index=True))
            self.written += len(frames)

    def finish(self, unread: pd.DataFrame) -> None:
        """Append the lines of the files that could not be identified, and give the file its name."""
        if len(unread):
            self._append(unread)
        if self.temporary.exists():
            os.replace(self.temporary, self.path)

    def discard(self) -> None:
        """Remove what was written: the run failed, and ``hits.csv`` keeps what it held."""
        self.temporary.unlink(missing_ok=True)

    def _append(self, table: pd.DataFrame) -> None:
        header = self._columns is None
        if header:
            self._columns = list(table.columns)
        hits_table(table.reindex(columns=self._columns)).to_csv(self.temporary, mode="a", header=header, index=False)
