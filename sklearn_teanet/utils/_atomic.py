"""Files written whole or not at all: a model, a download, a report is never left half-written."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

__all__ = ["replacing", "replace_each", "save_figure", "check_writable"]


@contextmanager
def replacing(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path next to ``path`` that takes its place when the block ends without error.

    On an error, or Ctrl-C, the temporary file is removed and ``path`` keeps
    what it held. The name ends in ``.part``, so a writer that reads the
    format from the suffix (``savefig``) must be told the format.
    """
    path = Path(path)
    # Not mkstemp: its files are private (0600), and reports and models are shared like any file the user writes.
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex[:12]}.part")
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def save_figure(fig, path: str | os.PathLike, **savefig_params) -> None:
    """``fig.savefig(path)``, whole or not at all; the format is ``path``'s suffix."""
    with replacing(path) as temporary:
        fig.savefig(temporary, format=Path(path).suffix.lstrip(".") or None, **savefig_params)


def replace_each(folder: str | os.PathLike, writers: Mapping[str, Callable[[Path], object]]) -> None:
    """Write each file of ``folder`` named in ``writers`` with its writer, through :func:`replacing`."""
    for name, write in writers.items():
        with replacing(Path(folder) / name) as temporary:
            write(temporary)


def check_writable(folder: str | os.PathLike, what: str = "--out") -> None:
    """Fail now, naming ``what``, if files cannot be written into ``folder`` (made if missing): not after the work.

    Parameters
    ----------
    folder : path-like
        Where the files will go.
    what : str, default="--out"
        What the user called it, for the message.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{uuid.uuid4().hex[:12]}"
        probe.touch()
        probe.unlink()
    except OSError as error:
        raise PermissionError(f"{what} {folder}: cannot write there ({error.strerror or error}).") from None
