"""1-D Grad-CAM: which wavenumbers did the classification module rely on? (paper Sec. 5.7)"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.utils.validation import check_is_fitted

__all__ = ["conv_layers", "grad_cam"]


def conv_layers(module: torch.nn.Module) -> list[torch.nn.Module]:
    """The convolution blocks (conv, batch norm, ReLU) of a classification module, input side first.

    Grad-CAM reads a block's rectified output, as it reads a CNN's activation maps.
    """
    return [
        m
        for m in module.modules()
        if isinstance(m, torch.nn.Sequential) and len(m) and isinstance(m[0], torch.nn.Conv1d)
    ]


def class_codes(classes: np.ndarray, target, n: int) -> np.ndarray:
    """Indices into ``classes`` of ``target`` (one label, or one per spectrum), compared by value.

    The labels are not cast to the classes' dtype first: a cast would cut a
    long string to the classes' width, or ``1.7`` to the class ``1``, and
    explain a class nobody asked for.
    """
    position = {label: i for i, label in enumerate(classes.tolist())}
    labels = np.asarray(target, dtype=object)
    if labels.ndim > 1 or (labels.ndim == 1 and len(labels) != n):
        raise ValueError(f"target must be one label or one per spectrum ({n}), got shape {labels.shape}.")
    labels = np.broadcast_to(labels, (n,))
    unknown = [label for label in dict.fromkeys(labels.tolist()) if label not in position]
    if unknown:
        raise ValueError(
            f"target holds labels the estimator does not know: {unknown!r}; its classes are {classes.tolist()!r}."
        )
    return np.array([position[label] for label in labels.tolist()], dtype=np.int64)


METHODS = ("hirescam", "gradcam", "absgradcam")


def grad_cam(
    estimator,
    X,
    target=None,
    layer: int = -1,
    method: str = "hirescam",
    batch_size: int = 256,
    before_relu: bool = False,
) -> np.ndarray:
    """Grad-CAM responses of a fitted ``TeaNetClassifier`` or ``CNNClassifier``.

    For the chosen convolution layer, each channel's activation map is weighted by
    the mean gradient of the target class's logit over that map; the ReLU of the
    weighted sum, linearly upsampled to the spectrum's length, is the response.

    Parameters
    ----------
    estimator : fitted TeaNetClassifier or CNNClassifier
    X : array-like of shape (n_spectra, n_points)
        Spectra.
    target : label, array-like of labels, or None, default=None
        Class whose evidence to show, one for all spectra or one per spectrum;
        None takes each spectrum's predicted class.
    layer : int, default=-1
        Index into :func:`conv_layers` of the classification module; -1 is the
        last convolution block, the usual Grad-CAM choice.
    method : {"hirescam", "gradcam", "absgradcam"}, default="hirescam"
        ``"gradcam"`` weights each channel by its mean gradient over the
        spectrum, as the original Grad-CAM does. ``"hirescam"`` multiplies
        gradient and activation point by point, which, for a classifier whose
        head is linear (Fig. 5b), is each point's share of the logit: zero
        where the model does not look. It is the default because the
        double-pyramid LeNet flattens its features instead of pooling them, and
        there the channel means of ``"gradcam"`` can cancel out: on a
        two-class test problem it gave an all-zero response for one class.
        ``"absgradcam"`` weights each channel by the magnitude of its mean
        gradient, so that no channel's evidence cancels another's.
    batch_size : int, default=256
        Spectra per forward pass.
    before_relu : bool, default=False
        Read the block's maps before its ReLU (after batch normalisation)
        instead of its rectified output.

    Returns
    -------
    responses : ndarray of shape (n_spectra, n_points)
        Non-negative, aligned with the spectrum's points (and so with its
        wavenumbers).
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(map(repr, METHODS))}; got {method!r}.")
    check_is_fitted(estimator)
    X = estimator._validate_X(X)
    module = estimator.net_.module_
    device = estimator.net_.device
    if target is None:
        codes = np.argmax(estimator.predict_proba(X), axis=1)
    else:
        codes = class_codes(estimator.classes_, target, len(X))
    conv = conv_layers(module)[layer]
    saved: dict[str, torch.Tensor] = {}

    def keep(_, __, output):
        output.retain_grad()
        saved["maps"] = output
        # The block's ReLU works in place: it gets a copy, so that the kept maps stay unrectified.
        return output.clone() if before_relu else None

    # Batch norm is the block's second layer (conv, batch norm, ReLU).
    handle = (conv[1] if before_relu else conv).register_forward_hook(keep)
    was_training = module.training
    module.eval()
    out = []
    try:
        for start in range(0, len(X), batch_size):
            x = torch.as_tensor(X[start : start + batch_size], device=device)
            y = torch.as_tensor(codes[start : start + batch_size], device=device)
            with torch.enable_grad():
                logits = module(x)
                logits.gather(1, y[:, None]).sum().backward()
            # (n, c, L) in either layout of the maps, (n, c, L) or (n, c, 1, L)
            maps, grads = saved["maps"].flatten(2), saved["maps"].grad.flatten(2)
            weights = {
                "gradcam": grads.mean(dim=2, keepdim=True),
                "absgradcam": grads.mean(dim=2, keepdim=True).abs(),
                "hirescam": grads,
            }[method]
            cam = F.relu((weights * maps).sum(dim=1, keepdim=True))
            cam = F.interpolate(cam, size=X.shape[1], mode="linear", align_corners=False)
            out.append(cam[:, 0].detach().cpu().numpy())
            module.zero_grad(set_to_none=True)
    finally:
        handle.remove()
        module.train(was_training)
    return np.concatenate(out).astype(np.float64)
