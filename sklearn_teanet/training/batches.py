"""Mini-batches sliced from one prebuilt tensor, instead of a DataLoader that collates items."""

from __future__ import annotations

import numpy as np
import torch
from skorch.dataset import Dataset
from torch.utils.data import DataLoader

__all__ = ["TensorBatches"]


class TensorBatches:
    """skorch iterator over ``(X, y)`` batches of an in-memory data set.

    skorch's default ``DataLoader`` fetches every spectrum of a batch on its own
    and collates them, which costs more per batch than a small network's step
    on few-shot data. Spectra in memory need one zero-copy tensor and an index
    per batch. Other data sets (a user's own ``Dataset``) keep the DataLoader.

    Parameters
    ----------
    dataset : skorch Dataset or torch Dataset
        The data; a skorch ``Dataset`` holding arrays is sliced directly.
    batch_size : int
        Spectra per batch.
    shuffle : bool, default=False
        Draw a new order each epoch from torch's global generator (as the
        DataLoader's sampler does, so a seeded fit stays reproducible).
    **kwargs
        DataLoader options, used only for datasets that cannot be sliced.
    """

    def __init__(self, dataset, batch_size: int, shuffle: bool = False, **kwargs) -> None:
        self.dataset, self.batch_size, self.shuffle, self.kwargs = dataset, batch_size, shuffle, kwargs
        self.tensors = self._tensors(dataset)

    @staticmethod
    def _tensors(dataset) -> tuple[torch.Tensor, torch.Tensor | None] | None:
        if type(dataset) is not Dataset or not isinstance(dataset.X, np.ndarray):
            return None
        y = dataset.y
        if y is not None and not isinstance(y, np.ndarray):
            return None
        return torch.from_numpy(dataset.X), None if y is None else torch.from_numpy(y)

    def __len__(self) -> int:
        return -(-len(self.dataset) // self.batch_size)

    def __iter__(self):
        if self.tensors is None:
            yield from DataLoader(self.dataset, batch_size=self.batch_size, shuffle=self.shuffle, **self.kwargs)
            return
        X, y = self.tensors
        n = len(X)
        order = torch.randperm(n) if self.shuffle else None
        for start in range(0, n, self.batch_size):
            if order is None:
                index = slice(start, start + self.batch_size)
            else:
                index = order[start : start + self.batch_size]
            Xb = X[index]
            # skorch's DataLoader yields a zero tensor as the target when y is None.
            yield Xb, torch.zeros(len(Xb)) if y is None else y[index]
