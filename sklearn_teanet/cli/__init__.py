"""The command line, ``sklearn-teanet`` (or ``python -m sklearn_teanet``): it parses and prints.

Each command of :mod:`~sklearn_teanet.cli.commands` calls library functions that
work without it (``compare_methods``, ``run_benchmark``, ``train_identifier``,
``identify_files``, ...).
"""

from __future__ import annotations

import sys
import warnings

from ..utils._interrupt import remembered_stops

__all__ = ["main", "build_parser"]

PROG = "sklearn-teanet"

COMMANDS = {"demo", "benchmark", "synthetic-grid", "ablation", "train", "identify"}

#: Errors a user's input causes: printed as one line, without a traceback.
#: OSError covers missing, unreadable or existing files and a failed download.
USER_ERRORS = (ValueError, OSError, RuntimeError)


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and return its exit status.

    Parameters
    ----------
    argv : list of str or None, default=None
        Arguments, as a shell gives them.

    Returns
    -------
    status : int
        0 on success, 1 when some inputs failed, 2 for an error, 130 when interrupted.
    """
    try:
        # The parser brings in the readers and the harness: seconds on a loaded machine, and a Ctrl-C then
        # must end the command as it does later (a message and 130), not with an import's traceback.
        from .parser import build_parser
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help")):
        argv = ["demo", *argv]  # the demo is the default job, options included
    args = parser.parse_args(argv)
    formatwarning = warnings.formatwarning
    # A warning reads like an error does, without the library's file and source line that mean nothing to the user.
    warnings.formatwarning = lambda message, *_, **__: f"{parser.prog}: warning: {message}\n"
    try:
        with remembered_stops():
            return args.func(args)
    except USER_ERRORS as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # Ctrl-C (or SIGTERM) outside a loop that keeps its finished work: nothing was written half.
        print(f"{parser.prog}: interrupted", file=sys.stderr)
        return 130
    finally:
        warnings.formatwarning = formatwarning


def __getattr__(name: str):
    if name == "build_parser":  # imported when asked for, so that ``main`` can catch a Ctrl-C during the import
        from .parser import build_parser

        return build_parser
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
