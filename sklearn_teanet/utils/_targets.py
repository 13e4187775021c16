"""Label checks that suit few-shot data."""

from __future__ import annotations

import contextlib
import warnings

from sklearn.utils.multiclass import check_classification_targets

__all__ = ["check_few_shot_targets", "few_shot_warnings_silenced", "class_weight_vector"]

# scikit-learn warns when there are more classes than half the samples, guessing that
# y might be a regression target. In few-shot spectroscopy that is the normal case
# (RRUFF_IR: 424 classes in 695 spectra), so the warning says nothing there.
_MANY_CLASSES = "The number of unique classes is greater than 50% of the number of samples"


@contextlib.contextmanager
def few_shot_warnings_silenced():
    """Silence scikit-learn's "more classes than half the samples" warning inside the block."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=_MANY_CLASSES, category=UserWarning)
        yield


def check_few_shot_targets(y) -> None:
    """scikit-learn's ``check_classification_targets``, without the many-classes warning,
    and with a message that says what is wrong with labels of mixed types."""
    import numpy as np

    y_array = np.asarray(y)
    if y_array.dtype == object:
        kinds = {type(v).__name__ for v in y_array.ravel().tolist()}
        if len(kinds) > 1 and not kinds <= {"int", "float", "bool"}:
            raise ValueError(
                f"Labels mix types ({', '.join(sorted(kinds))}), e.g. 1 and '1' would be two classes; "
                "convert them all to one type, e.g. y.astype(str)."
            )
    with few_shot_warnings_silenced():
        check_classification_targets(y)


def class_weight_vector(class_weight, classes, y):
    """The weight of each class of ``classes``, from scikit-learn's ``class_weight`` ("balanced" or a dict),
    with errors that name the bad key or value.

    Dict keys are labels exactly as in ``y`` (the string "01" is not the number 1);
    missing labels weigh 1. Weights must be finite and non-negative, and not all zero.
    """
    import numpy as np
    from sklearn.utils.class_weight import compute_class_weight

    if class_weight is None:
        return None
    if isinstance(class_weight, str):
        return compute_class_weight(class_weight, classes=classes, y=y)
    labels = classes.tolist()
    # "1" and 1 differ: a string key weighs a string label only.
    unknown = [
        key for key in class_weight if not any(key == c and isinstance(key, str) == isinstance(c, str) for c in labels)
    ]
    if unknown:
        key = unknown[0]
        shown = ", ".join(repr(c) for c in labels[:6]) + (", ..." if len(labels) > 6 else "")
        raise ValueError(
            f"class_weight has the key {key!r} ({type(key).__name__}), which is not a class; the classes are "
            f"{shown}. Write the keys as the labels are in y."
        )
    weights = np.array([float(class_weight.get(c, 1.0)) for c in labels])
    bad = [(c, w) for c, w in zip(labels, weights) if not np.isfinite(w) or w < 0]
    if bad:
        raise ValueError(f"class_weight[{bad[0][0]!r}] is {bad[0][1]}; weights must be finite and non-negative.")
    if not weights.any():
        raise ValueError("class_weight gives every class the weight 0: nothing would be learnt.")
    return weights
