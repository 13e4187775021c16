"""The splitters a benchmark can run: the paper's protocol, or k folds (grouped by specimen)."""

from __future__ import annotations

from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedGroupKFold

from ..evaluation import LeaveOneSamplePerClassOut

__all__ = ["PROTOCOLS", "make_splitter"]

#: Protocol names, for a command line.
PROTOCOLS = ("leave-one-per-class", "stratified-kfold", "group-kfold")


def make_splitter(
    protocol: str = "leave-one-per-class",
    *,
    folds: int = 5,
    repeats: int = 10,
    random_state=None,
    grouped: bool = False,
):
    """A splitter of ``PROTOCOLS`` and a sentence that says which protocol runs.

    Parameters
    ----------
    protocol : {"leave-one-per-class", "stratified-kfold", "group-kfold"}, default="leave-one-per-class"
        The paper's (one held-out spectrum per class, ``repeats`` times), or k folds.
    folds : int, default=5
        Folds of the k-fold protocols.
    repeats : int, default=10
        Repeats of the paper's protocol and of stratified k-fold.
    random_state : int or None, default=None
        Seed of the splits.
    grouped : bool, default=False
        Whether groups (specimen ids) will be given: "group-kfold" needs them.

    Returns
    -------
    cv : splitter
    description : str
    """
    if protocol == "stratified-kfold":
        return (
            RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=random_state),
            f"stratified {folds}-fold, {repeats} repeats",
        )
    if protocol == "group-kfold":
        if not grouped:
            raise ValueError("--cv group-kfold needs groups: pass --groups COLUMN (RRUFF data are grouped by id).")
        return (
            StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=random_state),
            f"stratified group {folds}-fold (1 repeat)",
        )
    if protocol != "leave-one-per-class":
        raise ValueError(f"Unknown protocol {protocol!r}; choose from {PROTOCOLS}.")
    return (
        LeaveOneSamplePerClassOut(n_repeats=repeats, random_state=random_state),
        f"leave one spectrum per class out, {repeats} repeats",
    )
