"""The paper's harness: its methods by name, its published settings, and the runners that reproduce its tables.

Everything here serves reproducing and extending the paper's experiments
(Tables 3-5, Fig. 8); the library's core (estimators, transformers, readers,
identification) never imports it.

- :data:`METHODS` and :func:`make_method`: the methods of Table 3 by name;
  :data:`PAPER_SETTINGS`: the published configuration of the neural ones.
- :func:`run_benchmark` (resumable, one line per fit), :func:`compare_methods`,
  :func:`summarize`, :func:`write_reports`, :func:`read_fits`, :func:`fit_key`:
  fit methods on splits and compare them, paired.
- :func:`run_synthetic_grid`: Fig. 8's grid of Lorentz problems;
  :func:`masking_variants`, :func:`training_variants`: the ablations;
  :func:`make_splitter`: the evaluation protocols.
- :func:`load_rruff_ir_paper` and :func:`paper_grid`: the paper's data.
"""

from ..data import load_rruff_ir_paper, paper_grid
from .ablation import masking_variants, training_variants
from .compare import compare_methods, paired_differences, summarize
from .presets import PAPER_SETTINGS
from .protocols import PROTOCOLS, make_splitter
from .registry import METHODS, SHALLOW_METHODS, SMALL_NETWORK_PARAMS, TABLE_3_METHODS, make_method, network_params
from .runner import fit_key, read_fits, run_benchmark, write_reports
from .synthetic_grid import PROBLEM_COLUMNS, grid_report, run_synthetic_grid

__all__ = [
    "PROBLEM_COLUMNS",
    "grid_report",
    "METHODS",
    "SHALLOW_METHODS",
    "TABLE_3_METHODS",
    "SMALL_NETWORK_PARAMS",
    "PAPER_SETTINGS",
    "PROTOCOLS",
    "make_method",
    "network_params",
    "make_splitter",
    "run_benchmark",
    "compare_methods",
    "paired_differences",
    "summarize",
    "write_reports",
    "read_fits",
    "fit_key",
    "run_synthetic_grid",
    "masking_variants",
    "training_variants",
    "load_rruff_ir_paper",
    "paper_grid",
]
