"""The documentation site builds without warnings, and lists every public name.

The gallery is not executed here (``make docs`` does that); every docstring, user
guide page and cross-reference is rendered, with warnings as errors.
"""

import html
import re
import subprocess
import sys
from pathlib import Path

import pytest

import sklearn_teanet

pytestmark = pytest.mark.slow  # builds the whole site

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    pytest.importorskip("sphinx")
    pytest.importorskip("sphinx_gallery")
    pytest.importorskip("numpydoc")
    pytest.importorskip("pydata_sphinx_theme")
    out = tmp_path_factory.mktemp("html")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "-b",
            "html",
            "-D",
            "plot_gallery=0",
            "-d",
            str(out / ".doctrees"),
            str(ROOT / "doc"),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def test_site_builds_without_warnings(built_site):
    assert (built_site / "index.html").exists()
    for page in ("teanet", "identify", "instrument_data", "choosing", "reproducing", "performance"):
        assert (built_site / "user_guide" / f"{page}.html").exists(), page


@pytest.mark.parametrize("name", [n for n in sklearn_teanet.__all__ if n != "__version__"])
def test_every_public_name_has_an_api_page(built_site, name):
    assert (built_site / "generated" / f"sklearn_teanet.{name}.html").exists()


def test_docstring_examples_are_rendered(built_site):
    page = (built_site / "generated" / "sklearn_teanet.CNNClassifier.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", page))  # the highlighter splits code into spans
    assert "Examples" in text and ">>> clf.fit(data.data, data.target).predict(data.data[:2]).shape" in text


def _public_callables():
    """Every public class and function of the package, and the public methods of each class written here."""
    import inspect

    for name in sklearn_teanet.__all__:
        obj = getattr(sklearn_teanet, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            yield f"sklearn_teanet.{name}"
        if inspect.isclass(obj):
            yield from (
                f"sklearn_teanet.{name}.{m}"
                for m, f in inspect.getmembers(obj, inspect.isfunction)
                if not m.startswith("_") and f.__module__.startswith("sklearn_teanet")
            )


@pytest.mark.parametrize("target", list(_public_callables()))
def test_public_docstrings_document_every_parameter_and_return(target):
    # numpydoc's checks that a reader of the API page needs: a docstring, every parameter listed and described,
    # and what comes back.
    validate = pytest.importorskip("numpydoc.validate").validate
    errors = [
        f"{code}: {message}"
        for code, message in validate(target)["errors"]
        if code in ("GL08", "PR01", "PR02", "PR07", "RT01")
    ]
    assert not errors, errors
