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


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(path):
    assert len(path.read_text().splitlines()) <= 400, f"{path.name}: split it by job"


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
