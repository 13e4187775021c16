"""``python -m sklearn_teanet``: the command line (see :mod:`sklearn_teanet.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
