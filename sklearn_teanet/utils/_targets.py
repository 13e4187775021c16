"""Label checks that suit few-shot data."""

from __future__ import annotations

import contextlib
import warnings

from sklearn.utils.multiclass import check_classification_targets

__all__ = ["check_few_shot_targets", "few_shot_warnings_silenced"]

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
