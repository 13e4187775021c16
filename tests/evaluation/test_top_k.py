import numpy as np
import pytest
from sklearn.model_selection import cross_val_score

from sklearn_teanet import CorrelationClassifier, LeaveOneSamplePerClassOut, LorentzSpectraGenerator
from sklearn_teanet.evaluation import top_k_accuracies, top_k_scorer


class _Fixed:
    classes_ = np.array(["a", "b", "c", "d"])

    def predict_proba(self, X):
        return np.array([[0.1, 0.6, 0.2, 0.1], [0.25, 0.25, 0.25, 0.25], [0.4, 0.3, 0.2, 0.1]])


def test_top_k_ranks_over_the_estimators_classes():
    y = np.array(["c", "c", "e"])  # "e" was never seen: a miss at every k
    scores = top_k_accuracies(_Fixed(), None, y, ks=(1, 2, 3, 4))
    # Row 0: "c" is 2nd. Row 1: all tie, so "c" ranks behind "a" and "b" (argmax order): 3rd.
    assert scores == {1: 0.0, 2: pytest.approx(1 / 3), 3: pytest.approx(2 / 3), 4: pytest.approx(2 / 3)}


def test_top_k_scorer_in_cross_val_score_with_few_shot_folds():
    data = LorentzSpectraGenerator(n_classes=6, n_samples_per_class=3, n_points=64, theta=10, random_state=0).generate()
    cv = LeaveOneSamplePerClassOut(n_repeats=2, random_state=0)
    top3 = cross_val_score(CorrelationClassifier(), data.data, data.target, cv=cv, scoring=top_k_scorer(3))
    top1 = cross_val_score(CorrelationClassifier(), data.data, data.target, cv=cv)
    assert np.all(np.isfinite(top3)) and np.all(top3 >= top1)


def test_top_k_scorer_rejects_bad_k():
    with pytest.raises(ValueError, match="k must be a positive integer"):
        top_k_scorer(0)
