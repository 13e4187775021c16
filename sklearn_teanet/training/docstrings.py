"""The parameters every neural classifier documents alike, written once."""

__all__ = ["SHARED_PARAMETERS_DOC"]

#: Parameters that every neural classifier documents alike, substituted for ``{shared_parameters}``.
SHARED_PARAMETERS_DOC = """    validation_fraction : float, default=0.0
        Share of the training spectra held out to choose the epoch with the
        smallest validation loss (the paper's model selection), never a class's
        last spectrum. The default 0 trains on all spectra for ``max_epochs``:
        every spectrum held out is one a rare class cannot learn from (as
        measured on RRUFF_IR in ``benchmarks/README.md``).
    refit : bool, default=False
        After choosing the epoch on validation, train again on every spectrum
        for that many epochs.
    callbacks : list of skorch callbacks or (name, callback) tuples, or None, default=None
        Extra skorch callbacks, e.g. to log or score every epoch, or
        ``TimeBudget(seconds)`` to end training after the epoch in which the
        budget is spent (the number of epochs then depends on the machine's
        speed, so fits are no longer reproducible).
    lr_schedule : {"cosine", "constant", "step"}, default="cosine"
        "cosine" anneals the learning rates towards zero over ``max_epochs``
        (half a cosine period), so that the last epochs settle instead of
        jumping between minima as a constant Adam step does on few-shot data.
        "step" multiplies them by 0.75 every 20 epochs, as the authors' code
        does. A module that trains only in some epochs advances its schedule
        only in those.
    precision : {"fp32", "bf16"}, default="fp32"
        "bf16" trains under bfloat16 autocast. Use it only on hardware with bf16
        arithmetic (GPUs, CPUs with AVX512-BF16 or AMX): on an AVX2-only CPU it
        is emulated and was measured 17x slower than fp32.
    device : str or torch.device, default="cpu"
        "cpu" or "cuda".
    n_threads : int or None, default=None
        Torch threads during fit and predict; None keeps the current setting.
    class_weight : dict, "balanced" or None, default=None
        Weights of the classes in the cross-entropy, as in scikit-learn's
        classifiers: a dict of label to weight (missing labels weigh 1), or
        "balanced" for ``n_spectra / (n_classes * count)``.
    random_state : int, RandomState instance or None, default=None
        Seed; an int gives bitwise-identical fits on a CPU.
    verbose : int, default=0
        1 prints a table of the epochs.
    **old_keywords
        The keywords of 0.2 (``reconstruction_depth``, ``shift``, ``max_time``,
        ...), read for one more release with a FutureWarning that names the
        new spelling; any other keyword is a TypeError."""
