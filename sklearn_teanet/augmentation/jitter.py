"""Jitter: the "plain" spectral augmentation of the paper's CNN_Full reference (Liu et al., Analyst 2017).

As we read that paper: random shifts of a few points, noise proportional to the
intensity, and random linear combinations of spectra of the same class. All three
act on a batch tensor on its own device, with no loop over spectra.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import TYPE_CHECKING

from sklearn.utils._param_validation import Interval

from ..utils._settings import Settings

if TYPE_CHECKING:
    import torch

__all__ = ["Jitter", "same_class_partners", "plain_augment"]


class Jitter(Settings):
    """Move, roughen and blend each training spectrum a little, afresh at every step.

    Applied to the originals of every batch before any other augmentation
    (and, in TeaNet, before masking).

    Parameters
    ----------
    shift : int, default=0
        Move each spectrum by a random whole number of points in ``[-shift, shift]``.
    noise : float, default=0.0
        Multiply each point by ``1 + noise * N(0, 1)``.
    combine : float, default=0.0
        Mix each spectrum with another of its class in the batch, with a weight drawn from ``U(0, combine)``.

    Examples
    --------
    >>> from sklearn_teanet import CNNClassifier, Jitter
    >>> CNNClassifier(augmentation=Jitter(shift=2, noise=0.01)).get_params()["augmentation__shift"]
    2
    """

    _parameter_constraints: dict = {
        "shift": [Interval(Integral, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "combine": [Interval(Real, 0, 1, closed="both")],
    }

    def __init__(self, shift: int = 0, noise: float = 0.0, combine: float = 0.0) -> None:
        self.shift = shift
        self.noise = noise
        self.combine = combine

    def apply(self, X: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """The batch ``X`` jittered (see ``plain_augment``).

        Parameters
        ----------
        X : torch.Tensor of shape (n, n_points)
            Spectra of a batch.
        y : torch.Tensor of shape (n,)
            Their class indices, for ``combine``.

        Returns
        -------
        X_jittered : torch.Tensor of shape (n, n_points)
        """
        return plain_augment(X, y, self.shift, self.noise, self.combine)


def same_class_partners(y: torch.Tensor) -> torch.Tensor:
    """Index of a random other spectrum of the same class in the batch (itself if alone)."""
    import torch  # here, so that settings objects load without torch

    n = y.shape[0]
    order = torch.randperm(n, device=y.device)
    order = order[torch.argsort(y[order], stable=True)]
    y_sorted = y[order]
    positions = torch.arange(n, device=y.device)
    first = torch.ones(n, dtype=torch.bool, device=y.device)
    first[1:] = y_sorted[1:] != y_sorted[:-1]
    group_start = torch.cummax(torch.where(first, positions, 0), dim=0).values
    # In the shuffled class groups, each spectrum pairs with the next; the last with the first.
    has_next = torch.zeros(n, dtype=torch.bool, device=y.device)
    has_next[:-1] = ~first[1:]
    partner_sorted = torch.where(has_next, positions + 1, group_start)
    partners = torch.empty_like(order)
    partners[order] = order[partner_sorted]
    return partners


def plain_augment(
    X: torch.Tensor, y: torch.Tensor, shift: int = 0, noise: float = 0.0, combine: float = 0.0
) -> torch.Tensor:
    """Augment a batch of spectra ``(n, n_points)``.

    Parameters
    ----------
    X : torch.Tensor of shape (n, n_points)
    y : torch.Tensor of shape (n,)
        Class indices, for ``combine``.
    shift : int, default=0
        Each spectrum moves by a random whole number of points in ``[-shift, shift]``;
        the edge value fills the gap.
    noise : float, default=0.0
        Each point is multiplied by ``1 + noise * N(0, 1)``.
    combine : float, default=0.0
        Each spectrum becomes ``(1 - w) x + w x'`` with ``x'`` another spectrum of its
        class in the batch and ``w ~ U(0, combine)``.

    Returns
    -------
    X_augmented : torch.Tensor
    """
    import torch

    n, n_points = X.shape
    if combine > 0:
        weight = torch.rand(n, 1, device=X.device, dtype=X.dtype) * combine
        X = (1 - weight) * X + weight * X[same_class_partners(y)]
    if shift > 0:
        offsets = torch.randint(-shift, shift + 1, (n, 1), device=X.device)
        index = (torch.arange(n_points, device=X.device) - offsets).clamp_(0, n_points - 1)
        X = X.gather(1, index)
    if noise > 0:
        X = X * (1 + noise * torch.randn_like(X))
    return X
