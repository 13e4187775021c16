"""The package's shape, checked: modules stay readable in one sitting, subpackages meet at public names."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sklearn_teanet"
MODULES = sorted(PACKAGE.rglob("*.py"))


def private_imports_across_subpackages(path: Path, root: Path = PACKAGE) -> list[str]:
    """``module:name`` of every private name ``path`` imports (relatively) from another subpackage."""
    package = list(path.relative_to(root).parts[:-1])  # the package the module sits in
    own = package[0] if package else ""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        target = package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
        if (target[0] if target else "") == own:
            continue
        found += [
            f"{'.'.join(target)}:{a.name}" for a in node.names if a.name.startswith("_") and not a.name.endswith("__")
        ]
    return found


#: The longest a module may grow: read in one sitting, with room for the next feature.
MAX_LINES = 350


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_350_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES, f"{path.name}: split it by job"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_is_imported_from_another_subpackage(path):
    assert private_imports_across_subpackages(path) == []


def test_the_import_rule_sees_what_it_forbids(tmp_path):
    module = tmp_path / "identification" / "library.py"
    module.parent.mkdir()
    module.write_text(
        "from ..data.rruff import _parse, load_rruff\n"  # another subpackage's private name: caught
        "from .matching import _moved\n"  # its own subpackage: allowed
        "from ..utils._docstring import Substitution\n"  # a public name of a private module: allowed
        "from .. import __version__\n"
    )
    assert private_imports_across_subpackages(module, root=tmp_path) == ["data.rruff:_parse"]


def imports_past_the_door(path: Path, root: Path = PACKAGE) -> list[str]:
    """Relative imports of ``path`` that reach into another subpackage's module instead of its ``__init__``.

    ``utils`` is the exception: its private modules (``utils._torch``...) are the shared toolbox, as
    ``sklearn.utils._param_validation`` is scikit-learn's.
    """
    package = list(path.relative_to(root).parts[:-1])
    own = package[0] if package else ""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            target = package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            if len(target) > 1 and target[0] not in (own, "utils"):
                found.append(".".join(target))
    return found


#: Old homes kept for one release; each only re-exports what moved.
SHIMS = {PACKAGE / "layers.py"}


@pytest.mark.parametrize("path", [m for m in MODULES if m not in SHIMS], ids=lambda p: str(p.relative_to(PACKAGE)))
def test_subpackages_are_used_only_through_their_init(path):
    assert imports_past_the_door(path) == []


def test_the_door_rule_sees_what_it_forbids(tmp_path):
    module = tmp_path / "identification" / "matching.py"
    module.parent.mkdir()
    module.write_text(
        "from ..evaluation.top_k import class_scores\n"  # past evaluation's door: caught
        "from ..evaluation import top_k_scorer\n"  # through the door: allowed
        "from .library import train_identifier\n"  # its own subpackage: allowed
        "from ..utils._torch import seeded\n"  # the toolbox: allowed
    )
    assert imports_past_the_door(module, root=tmp_path) == ["evaluation.top_k"]


#: Each subpackage's floor: a subpackage imports only from floors below its own, so the graph reads top-down.
FLOORS = {
    "_version": 0,
    "utils": 0,
    "nn": 1,
    "masking": 1,
    "preprocessing": 1,
    "evaluation": 1,
    "interpretation": 2,  # reads the grid of a pipeline's preprocessing
    "classification": 2,
    "reconstruction": 2,
    "augmentation": 2,
    "baselines": 2,
    "data": 2,
    "training": 3,
    "generative": 4,
    "identification": 4,
    "ensemble": 4,
    "persistence": 5,
    "reporting": 5,
    "paper": 5,
    "cli": 6,
}


@pytest.mark.parametrize(
    "path",
    [m for m in MODULES if len(m.relative_to(PACKAGE).parts) > 1],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_subpackages_import_only_from_lower_floors(path):
    own = path.relative_to(PACKAGE).parts[0]
    assert own in FLOORS, f"{own}: give the new subpackage a floor"
    upward = sorted(t for t in imported_subpackages(path) - {own} if FLOORS.get(t, 0) >= FLOORS[own])
    assert upward == [], f"{own} (floor {FLOORS[own]}) imports {upward}"


def imported_subpackages(path: Path, root: Path = PACKAGE) -> set[str]:
    """The package's subpackages that ``path`` imports from (relatively, at any depth of the module)."""
    package = list(path.relative_to(root).parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            target = package[: len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
            found.update([target[0]] if target else [a.name for a in node.names])
    return found


#: Above the core: the command line uses everything; the paper's harness uses the core.
ABOVE_THE_CORE = {"cli", "paper"}


@pytest.mark.parametrize(
    "path",
    # __main__.py is the command line's door (python -m sklearn_teanet).
    [m for m in MODULES if m.relative_to(PACKAGE).parts[0] not in ABOVE_THE_CORE | {"__main__.py"}],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_the_core_never_imports_the_paper_harness_or_the_command_line(path):
    assert not imported_subpackages(path) & ABOVE_THE_CORE


def test_the_shallow_baselines_and_the_readers_load_without_torch():
    import subprocess
    import sys

    code = (
        "import sys, sklearn_teanet.baselines, sklearn_teanet.data, sklearn_teanet.preprocessing, "
        "sklearn_teanet.identification, sklearn_teanet.reporting, sklearn_teanet.persistence, sklearn_teanet.paper\n"
        "print('torch' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


@pytest.mark.parametrize(
    "old, name",
    [
        ("sklearn_teanet", "make_method"),
        ("sklearn_teanet", "PAPER_SETTINGS"),
        ("sklearn_teanet", "paper_grid"),
        ("sklearn_teanet", "load_rruff_ir_paper"),
        ("sklearn_teanet.baselines", "make_method"),
        ("sklearn_teanet.baselines", "METHODS"),
        ("sklearn_teanet.evaluation", "run_benchmark"),
        ("sklearn_teanet.evaluation", "compare_methods"),
        ("sklearn_teanet.training", "PAPER_SETTINGS"),
    ],
)
def test_names_that_moved_to_the_harness_still_work_with_a_warning_naming_the_new_home(old, name):
    import importlib

    import sklearn_teanet.paper

    with pytest.warns(FutureWarning, match=rf"{old}\.{name} moved to sklearn_teanet\.paper\.{name}"):
        value = getattr(importlib.import_module(old), name)
    assert value is getattr(sklearn_teanet.paper, name)


def test_the_top_level_exports_what_users_create():
    import sklearn_teanet

    for name in sklearn_teanet.__all__:
        assert getattr(sklearn_teanet, name) is not None
    assert "Despiker" in sklearn_teanet.__all__ and "make_method" not in sklearn_teanet.__all__
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        sklearn_teanet.nothing  # noqa: B018


@pytest.mark.parametrize(
    "old, name, new",
    [
        ("sklearn_teanet.training", "SpectrumNet", "CNNNet"),
        ("sklearn_teanet.data", "load_spectra", "read_spectrum_table"),
    ],
)
def test_silent_aliases_now_say_their_new_name(old, name, new):
    import importlib

    module = importlib.import_module(old)
    with pytest.warns(FutureWarning, match=rf"{old}\.{name} moved to {old}\.{new}"):
        assert getattr(module, name) is getattr(module, new)


@pytest.mark.parametrize(
    "old, name, new",
    [
        ("sklearn_teanet.identification", "identify_files", "sklearn_teanet.reporting"),
        ("sklearn_teanet.identification", "provenance", "sklearn_teanet.reporting"),
        ("sklearn_teanet.identification", "save_model", "sklearn_teanet.persistence"),
        ("sklearn_teanet.identification", "load_model", "sklearn_teanet.persistence"),
        ("sklearn_teanet.identification", "explain", "sklearn_teanet.interpretation"),
        ("sklearn_teanet.reconstruction", "ReconstructionModule", "sklearn_teanet.nn"),
        ("sklearn_teanet.classification", "ClassificationModule", "sklearn_teanet.nn"),
        ("sklearn_teanet.classification", "PRESETS", "sklearn_teanet.nn"),
    ],
)
def test_names_that_moved_rooms_still_work_with_a_warning_naming_the_new_home(old, name, new):
    import importlib

    with pytest.warns(FutureWarning, match=rf"{old}\.{name} moved to {new}\.{name}"):
        value = getattr(importlib.import_module(old), name)
    assert value is getattr(importlib.import_module(new), name)
