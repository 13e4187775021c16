"""Sphinx configuration of the sklearn-teanet site.

``make docs`` builds everything, the example gallery included; the test suite builds
with ``-D plot_gallery=0`` so that a docstring that no longer renders fails CI fast.
"""

import os
import sys
import warnings
from pathlib import Path

import sklearn_teanet

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "doc"))

project = "sklearn-teanet"
author = "sklearn-teanet developers"
copyright = "2026, sklearn-teanet developers"
release = version = sklearn_teanet.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
]

templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
    "auto_examples/*.json",
    "auto_examples/*.md5",
    "sg_execution_times.rst",
]

# One page per public name, generated from the numpydoc docstrings.
autosummary_generate = True
autodoc_typehints = "none"  # numpydoc's Parameters section already states the types
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_xref_aliases = {
    "estimator": ":term:`sklearn:estimator`",
    "DataFrame": "pandas.DataFrame",
    "Path": "pathlib.Path",
    "Generator": "numpy.random.Generator",
    "RandomState": "numpy.random.RandomState",
    "Tensor": "torch.Tensor",
    "Module": "torch.nn.Module",
}
# Words of numpydoc's type lines that are prose, not names to link.
numpydoc_xref_ignore = {
    "of",
    "or",
    "and",
    "shape",
    "default",
    "optional",
    "array-like",
    "ndarray",
    "n_samples",
    "n_features",
    "n_points",
    "n_classes",
    "n_masks",
    "n_regions",
    "n_spectra",
    "n_layers",
    "k",
    "in",
    "None",
    "instance",
    "callable",
    "sparse",
    "matrix",
    "list",
    "tuple",
    "dict",
    "str",
    "int",
    "float",
    "bool",
    "object",
    "pair",
    "pairs",
    "path-like",
    "file-like",
    "sequence",
    "iterable",
    "array",
    "arrays",
    "function",
    "name",
    "names",
    "positive",
    "non-negative",
    "int,",
    "float,",
    "mapping",
    "n_components",
    "n",
    "1",
    "2",
    "3",
    "{",
    "}",
    "n_outputs",
    "n_classes)",
    "(n_samples,",
    "(n_samples",
    "n_wavenumbers",
    "one",
    "numpy",
    "generator",
    "seed",
    "any",
    "the",
    "a",
    "an",
    "to",
    "from",
    "with",
}

intersphinx_mapping = {
    "python": ("https://docs.python.org/3", None),
    "numpy": ("https://numpy.org/doc/stable", None),
    "sklearn": ("https://scikit-learn.org/stable", None),
    "torch": ("https://docs.pytorch.org/docs/stable", None),
    "pandas": ("https://pandas.pydata.org/docs", None),
    "skorch": ("https://skorch.readthedocs.io/en/stable", None),
}
# This machine has no internet: intersphinx inventories are read from
# doc/_inventories when present and are otherwise skipped without a warning.
_inventories = ROOT / "doc" / "_inventories"
intersphinx_mapping = {
    name: (url, str(_inventories / f"{name}.inv") if (_inventories / f"{name}.inv").exists() else None)
    for name, (url, _) in intersphinx_mapping.items()
}
if not any((_inventories / f"{name}.inv").exists() for name in intersphinx_mapping):
    intersphinx_mapping = {}
    extensions.remove("sphinx.ext.intersphinx")

# Executed examples. SKLEARN_TEANET_EXAMPLE_QUICK=1 shrinks them for a fast look.
sphinx_gallery_conf = {
    "examples_dirs": str(ROOT / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "doc_module": ("sklearn_teanet",),
    "backreferences_dir": "generated/backreferences",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "matplotlib_animations": False,
    "show_memory": False,
    "within_subsection_order": "FileNameSortKey",
}

plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]

html_theme = "pydata_sphinx_theme"
html_title = f"sklearn-teanet {version}"
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": [],
    "navigation_with_keys": False,
}
html_sidebars = {"index": [], "api": []}
html_static_path = []
html_show_sourcelink = False

nitpicky = True
# Types that numpydoc writes in prose and no inventory here can resolve.
nitpick_ignore_regex = [
    (r"py:.*", r"(sklearn|numpy|torch|pandas|skorch|scipy|crepes|pathlib|os|typing|collections)\..*"),
    (r"py:.*", r"(np|pd)\..*"),
]

# The gallery captures the figures each example leaves open; the PNG files the
# scripts also save land in examples/ and are ignored by git.
os.environ.setdefault("MPLBACKEND", "Agg")


def _skip_metadata_requests(app, what, name, obj, skip, options):
    """scikit-learn's generated ``set_*_request`` methods are routing plumbing, not this package's API."""
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_metadata_requests)


# sphinx-gallery looks each name an example uses up in shorter module paths
# (sklearn_teanet.make_method for sklearn_teanet.paper.make_method): the old
# homes of the moved names answer with their deprecation warning.
warnings.filterwarnings("ignore", message=r".* moved to sklearn_teanet\.paper\.", category=FutureWarning)
