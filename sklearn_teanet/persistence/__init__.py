"""Model files: any estimator of the package saved as numbers and names (skops), and loaded only if its
schema names nothing but the package's own classes (an exact allowlist)."""

from . import mapped_arrays
from .model_file import ModelFileError, load_model, save_model
from .model_schema import ALLOWED_NODES, MODEL_CLASSES, UnsafeModelFile, check_schema, schema_types

__all__ = [
    "ALLOWED_NODES",
    "MODEL_CLASSES",
    "ModelFileError",
    "UnsafeModelFile",
    "check_schema",
    "load_model",
    "mapped_arrays",
    "save_model",
    "schema_types",
]
