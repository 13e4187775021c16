"""Batch-norm statistics recomputed for the final weights, once training ends."""

from __future__ import annotations

import torch
from skorch.callbacks import Callback

from .batches import TensorBatches

__all__ = ["RecomputeBatchNormStatistics"]


class RecomputeBatchNormStatistics(Callback):
    """Replace the classifier's running batch-norm statistics by their average over the training batches.

    During training, batch norm keeps an exponential average of the batch
    statistics of the last few steps, each taken with the weights of its own
    step. When the weights still move fast at the end (few steps: a small
    data set gives one batch per epoch), that average describes a network
    that no longer exists, and prediction normalises with the wrong numbers:
    a CNN trained on 48 spectra to a loss of 0.30 predicted its own training
    spectra at chance. One pass over the training batches, built as training
    builds them (with their masked copies, reconstructions or mixtures, which
    shift the statistics: CNN_Partial lost 8 points on RRUFF_IR when only the
    originals were used), in training mode, without gradients and with a
    cumulative average (``momentum=None``), gives the statistics of the final
    weights. It runs after the best epoch's
    weights are restored, costs about a third of one epoch's forward passes,
    and changes no weight.
    """

    def on_train_end(self, net, X=None, y=None, **kwargs):
        if X is None:
            return
        norms = [m for m in net.module_.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)
                 and m.track_running_stats]
        if not norms:
            return
        was_training = net.module_.training
        momenta = [m.momentum for m in norms]
        for m in norms:
            m.reset_running_stats()
            m.momentum = None  # cumulative average over the batches
        net.module_.train()
        try:
            with torch.no_grad():
                for batch in TensorBatches(net.get_dataset(X, y), batch_size=net.batch_size):
                    if len(batch[0]) > 1:  # batch norm cannot take the variance of one spectrum
                        # The batches as training built them (masked copies, reconstructions, mixtures):
                        # the statistics the weights were trained under.
                        net.module_(net.classifier_inputs(batch))
        finally:
            for m, momentum in zip(norms, momenta):
                m.momentum = momentum
            net.module_.train(was_training)
