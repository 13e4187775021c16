"""What a safe model file may hold: the exact node kinds and types that :func:`save_model` writes.

A skops file is a zip whose ``schema.json`` names, for every object, the node
kind that rebuilds it (``__loader__``) and its type (``__module__.__class__``).
Building an object imports its module and calls its type, so a file that names
anything else can run code (a ``Popen`` re-exported by some module, a
``numpy.memmap`` that truncates a file, a module whose import runs a program).
The schema is therefore read as plain JSON and every node checked against the
lists below *before* skops imports or builds anything. The lists are exactly
what the package's own model files contain: ``tests/identification/test_model_schema.py``
saves every estimator the command line and the API can save and compares.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Iterator

__all__ = ["MODEL_CLASSES", "ALLOWED_NODES", "UnsafeModelFile", "schema_types", "check_schema"]

#: The estimators, transformers and scikit-learn parts a model file may hold, by their full name.
MODEL_CLASSES = frozenset(
    {
        "sklearn.pipeline.Pipeline",
        "sklearn.ensemble._voting.VotingClassifier",
        "sklearn.preprocessing._label.LabelEncoder",
        "sklearn.neighbors._classification.KNeighborsClassifier",
        "sklearn.svm._classes.SVC",
        "sklearn.ensemble._forest.RandomForestClassifier",
        "sklearn.tree._classes.DecisionTreeClassifier",
        "sklearn_teanet.augmentation.cutmix.CutMix",
        "sklearn_teanet.augmentation.jitter.Jitter",
        "sklearn_teanet.augmentation.masked_copies.MaskedCopies",
        "sklearn_teanet.augmentation.mixup.MixUp",
        "sklearn_teanet.baselines.correlation.CorrelationClassifier",
        "sklearn_teanet.classification.double_pyramid_lenet.DoublePyramidLeNet",
        "sklearn_teanet.baselines.masked_training.MaskedTrainingClassifier",
        "sklearn_teanet.ensemble.fusion.CalibratedFusionClassifier",
        "sklearn_teanet.generative.cwgan.CWGANClassifier",
        "sklearn_teanet.generative.dagan.DAGANClassifier",
        "sklearn_teanet.generative.ltsa.LTSAClassifier",
        "sklearn_teanet.generative.ltsa.InitialFeatures",
        "sklearn_teanet.generative.masked_pretraining.MaskedPretrainingClassifier",
        "sklearn_teanet.identification.identifier.SpectrumIdentifier",
        "sklearn_teanet.masking.spectrum_masker.SpectrumMasker",
        "sklearn_teanet.preprocessing.baseline.BaselineCorrector",
        "sklearn_teanet.preprocessing.derivative_views.DerivativeViews",
        "sklearn_teanet.preprocessing.despiker.Despiker",
        "sklearn_teanet.preprocessing.normalizer.SpectrumNormalizer",
        "sklearn_teanet.preprocessing.resampler.SpectrumResampler",
        "sklearn_teanet.preprocessing.savitzky_golay.SavitzkyGolay",
        "sklearn_teanet.preprocessing.wavenumber_ranges.WavenumberRanges",
        "sklearn_teanet.reconstruction.unet_reconstructor.UNetReconstructor",
        "sklearn_teanet.training.cnn.CNNClassifier",
        "sklearn_teanet.training.seed_ensemble.SeedEnsembleClassifier",
        "sklearn_teanet.training.teanet.TeaNetClassifier",
    }
)

#: Node kind -> the types it may build. Kinds a model never uses (functions, methods, partials,
#: operators, reduce-built objects, bytes, random generators, sparse matrices) are not here.
ALLOWED_NODES: dict[str, frozenset[str]] = {
    # A Bunch is a dict whose keys are also attributes (VotingClassifier's named_estimators_).
    "DictNode": frozenset({"builtins.dict", "sklearn.utils._bunch.Bunch"}),
    "ListNode": frozenset({"builtins.list"}),
    "TupleNode": frozenset({"builtins.tuple"}),
    "JsonNode": frozenset({"builtins.str", "builtins.int", "builtins.float", "builtins.bool", "builtins.NoneType"}),
    # Arrays are read with numpy's allow_pickle=False; a scalar is its type called on that array.
    "NdArrayNode": frozenset(
        {"numpy.ndarray", "numpy.float64", "numpy.float32", "numpy.int64", "numpy.int32", "numpy.bool_"}
    ),
    # A dtype given as a Python type (``dtype=str``).
    "TypeNode": frozenset({"builtins.str"}),
    "TreeNode": frozenset({"sklearn.tree._tree.Tree"}),
    "ObjectNode": MODEL_CLASSES,
}
_ANY_ALLOWED = frozenset().union(*ALLOWED_NODES.values())
#: The largest schema read (a model's schema is a few hundred kB; the arrays live in their own files).
MAX_SCHEMA_BYTES = 64 * 2**20


class UnsafeModelFile(ValueError):
    """A safe model file that names a node kind or a type no model of this package holds."""


def _nodes(tree) -> Iterator[dict]:
    """Every dict of the schema that declares a node, wherever it sits (a superset of what skops visits)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "__loader__" in item:
                yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def schema_types(data: bytes | os.PathLike) -> set[tuple[str, str]]:
    """The ``(node kind, type)`` pairs of a skops file, read without importing or building anything.

    Raises
    ------
    UnsafeModelFile
        For a schema that is not a tree of well-formed nodes.
    zipfile.BadZipFile, KeyError, ValueError
        For a file that is no skops zip, or whose schema is not JSON.
    """
    import io

    with zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data) as archive:
        info = archive.getinfo("schema.json")
        if info.file_size > MAX_SCHEMA_BYTES:
            raise UnsafeModelFile(f"its schema is {info.file_size:,} bytes, more than any model's")
        schema = json.loads(archive.read(info))
    found = set()
    for node in _nodes(schema):
        loader, module, name = node.get("__loader__"), node.get("__module__"), node.get("__class__")
        if not all(isinstance(v, str) for v in (loader, module, name)):
            raise UnsafeModelFile("a node of its schema lacks a string __loader__, __module__ or __class__")
        found.add((loader, f"{module}.{name}"))
    if not found:
        raise UnsafeModelFile("its schema holds no object")
    return found


def check_schema(data: bytes | os.PathLike) -> list[str]:
    """The types a skops file (its bytes, or its path) builds, once every node is checked against ``ALLOWED_NODES``.

    Returns
    -------
    types : list of str
        Full type names, to pass to skops as the trusted ones.

    Raises
    ------
    UnsafeModelFile
        Naming the first node kinds and types no model holds.
    """
    found = schema_types(data)
    refused = sorted(
        f"{kind} {name}"
        for kind, name in found
        # A cached node stands for an object met earlier in the file: it builds nothing of its own.
        if not (name in ALLOWED_NODES.get(kind, ()) or (kind == "CachedNode" and name in _ANY_ALLOWED))
    )
    if refused:
        raise UnsafeModelFile(f"it names {', '.join(refused[:5])}{' ...' if len(refused) > 5 else ''}")
    return sorted({name for _, name in found})
