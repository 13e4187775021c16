"""The methods of the paper's Table 3, by name."""

from __future__ import annotations

from collections.abc import Callable

from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC

from .. import augmentation
from ..baselines import CorrelationClassifier, MaskedTrainingClassifier
from ..classification import DoublePyramidLeNet
from ..reconstruction import UNetReconstructor

__all__ = ["METHODS", "TABLE_3_METHODS", "SHALLOW_METHODS", "SMALL_NETWORK_PARAMS", "make_method", "network_params"]


def _shallow(estimator_factory: Callable[[dict], ClassifierMixin]) -> Callable[..., ClassifierMixin]:
    """A shallow baseline wrapped so that it accepts ``masker``, as every method does."""

    def make(random_state=None, **params) -> ClassifierMixin:
        return MaskedTrainingClassifier(estimator_factory(random_state), random_state=random_state, **params)

    return make


def _neural(name: str, augmentation_kind: str | None = None) -> Callable[..., ClassifierMixin]:
    """A neural method; ``augmentation_kind`` names its augmentation class (a new object for each method made)."""

    def make(random_state=None, **params) -> ClassifierMixin:
        # Imported here: the shallow baselines should not pay for importing torch.
        from .. import training

        # Copies of settings objects: methods made from one dict of parameters must not share (and change) one.
        params = {k: clone(v) if isinstance(v, BaseEstimator) else v for k, v in params.items()}
        if augmentation_kind is not None and "augmentation" not in params:
            params["augmentation"] = getattr(augmentation, augmentation_kind)()
        return getattr(training, name)(random_state=random_state, **params)

    return make


def _second_derivative_input(random_state=None, **params) -> ClassifierMixin:
    """The CNN whose input channel is the spectrum's second derivative, scaled per spectrum (issue 38.1)."""
    module = clone(params.pop("module", None) or DoublePyramidLeNet()).set_params(inputs=("second_derivative",))
    return _neural("CNNClassifier")(random_state=random_state, module=module, **params)


def _spectrum_and_second_derivative(random_state=None, **params) -> ClassifierMixin:
    """Two CNNs, one on the spectrum and one on its scaled second derivative, their probabilities averaged
    (issue 38); ``params`` go to both. Both networks are equally sharp, so a plain average lets neither decide
    alone, and two views of a spectrum err on different spectra more than two seeds of one view do."""
    from sklearn.ensemble import VotingClassifier

    members = [
        ("spectrum", _neural("CNNClassifier")(random_state=random_state, **params)),
        ("second_derivative", _second_derivative_input(random_state=random_state, **params)),
    ]
    return VotingClassifier(members, voting="soft")


def _fusion(random_state=None, **params) -> ClassifierMixin:
    """The calibrated fusion of the CNN and second-derivative correlation; ``params`` go to its CNN."""
    from ..ensemble import CalibratedFusionClassifier, default_members

    members = default_members(random_state)
    members[0][1].set_params(**{k: clone(v) if isinstance(v, BaseEstimator) else v for k, v in params.items()})
    return CalibratedFusionClassifier(members, random_state=random_state)


def _generative(name: str) -> Callable[..., ClassifierMixin]:
    """A generative baseline; parameters that are not its own go to its classifier (``max_epochs``...)."""

    def make(random_state=None, **params) -> ClassifierMixin:
        from .. import generative, training

        cls = getattr(generative, name)
        own = cls().get_params()
        for_classifier = {k: params.pop(k) for k in list(params) if k not in own}
        if for_classifier:
            params["classifier"] = training.CNNClassifier(**for_classifier)
        return cls(random_state=random_state, **params)

    return make


#: Factories ``make(random_state=None, **params)`` of the Table 3 methods.
METHODS: dict[str, Callable[..., ClassifierMixin]] = {
    "knn": _shallow(lambda rs: KNeighborsClassifier(n_neighbors=1)),
    "svm_linear": _shallow(lambda rs: SVC(kernel="linear")),
    # With scikit-learn's C=1, the rbf SVM underfits few-shot data: 11.6 % on RRUFF_IR
    # against 77.4 % with C=100 (chosen on other splits than the reported ones).
    "svm_rbf": _shallow(lambda rs: SVC(kernel="rbf", C=100.0)),
    "random_forest": _shallow(lambda rs: RandomForestClassifier(random_state=rs)),
    "correlation": _shallow(lambda rs: CorrelationClassifier()),
    "mixup": _neural("CNNClassifier", "MixUp"),
    "cutmix": _neural("CNNClassifier", "CutMix"),
    "cnn_full": _neural("CNNClassifier"),
    "cnn_d2": _second_derivative_input,
    "cnn_spectrum_d2": _spectrum_and_second_derivative,
    "cnn_partial": _neural("CNNClassifier", "MaskedCopies"),
    "teanet": _neural("TeaNetClassifier"),
    "fusion": _fusion,
    "cwgan": _generative("CWGANClassifier"),
    "dagan": _generative("DAGANClassifier"),
    "ltsa": _generative("LTSAClassifier"),
}

#: The paper's Table 3, which benchmarks and the demo run unless told otherwise (the others are ours).
TABLE_3_METHODS = tuple(name for name in METHODS if name not in ("fusion", "cnn_d2", "cnn_spectrum_d2"))

#: Methods that train no neural network.
SHALLOW_METHODS = ("knn", "svm_linear", "svm_rbf", "random_forest", "correlation")


def make_method(name: str, random_state=None, **params) -> ClassifierMixin:
    """Return a fresh estimator for one of the Table 3 methods.

    Parameters
    ----------
    name : str
        One of ``METHODS``: "knn", "svm_linear", "svm_rbf", "random_forest",
        "correlation", "mixup", "cutmix", "cnn_full", "cnn_d2", "cnn_spectrum_d2", "cnn_partial", "teanet", "fusion",
        "cwgan", "dagan", "ltsa".
    random_state : int or None, default=None
        Seed of the estimator.
    **params
        Further parameters of the estimator (for a shallow baseline, of its
        :class:`~sklearn_teanet.MaskedTrainingClassifier` wrapper, such as ``masker``; for a
        generative baseline, those it does not have, such as ``max_epochs``, go
        to its ``CNNClassifier``).

    Returns
    -------
    estimator : classifier
    """
    try:
        factory = METHODS[name]
    except KeyError:
        raise ValueError(f"Unknown method {name!r}; choose from {sorted(METHODS)}.") from None
    return factory(random_state=random_state, **params)


# Small networks for the synthetic problems, sized so that the demo runs in a few minutes on 2 cores.
_SMALL_CNN = {"module": DoublePyramidLeNet(channels=(8,)), "lr": 1e-3, "max_epochs": 60, "validation_fraction": 0.0}
#: Parameters of each neural method's small network (the demo's; ``networks="small"``).
SMALL_NETWORK_PARAMS: dict[str, dict] = {
    "cnn_full": _SMALL_CNN,
    "cnn_d2": _SMALL_CNN,
    "cnn_spectrum_d2": _SMALL_CNN,
    "cnn_partial": {**_SMALL_CNN, "augmentation": augmentation.MaskedCopies(n_masks=4)},
    "mixup": _SMALL_CNN,
    "cutmix": _SMALL_CNN,
    "teanet": {**_SMALL_CNN, "n_masks": 4, "reconstructor": UNetReconstructor(depth=3, channels=8)},
    "fusion": _SMALL_CNN,
    "cwgan": _SMALL_CNN,
    "dagan": _SMALL_CNN,
    "ltsa": _SMALL_CNN,
}


def network_params(
    name: str,
    networks: str = "default",
    epochs: int | None = None,
    max_time: float | None = None,
    verbose: bool = False,
) -> dict:
    """Parameters of method ``name`` for a size of network and a training budget; nothing for a shallow one.

    Parameters
    ----------
    name : str
        A method of ``METHODS``.
    networks : {"default", "small"}, default="default"
        The estimators' defaults, or ``SMALL_NETWORK_PARAMS``.
    epochs : int or None, default=None
        ``max_epochs``, if given.
    max_time : float or None, default=None
        Seconds of training per fit, if given.
    verbose : bool, default=False
        Print skorch's table of epochs.

    Returns
    -------
    params : dict
        For ``make_method(name, **params)``.
    """
    if name in SHALLOW_METHODS:
        return {}
    params = dict(SMALL_NETWORK_PARAMS[name]) if networks == "small" else {}
    if epochs is not None:
        params["max_epochs"] = epochs
    if max_time is not None:
        from ..training import TimeBudget  # torch: only for a neural method

        params["callbacks"] = [TimeBudget(max_time)]
    if verbose:
        params["verbose"] = 1
    return params
