"""Two-component mixtures: the pair of library spectra whose non-negative sum fits an unknown best."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..baselines import standardize_rows

__all__ = [
    "best_pairs",
    "is_mixture",
    "mixture_table",
    "mixtures_of",
    "MIXTURE_EXPLAINED",
    "MIXTURE_GAIN",
    "NEARLY_WHOLE_EXPLAINED",
    "NEARLY_WHOLE_GAIN",
    "SHORTLIST",
]

#: A likely mixture: a pair gains at least MIXTURE_GAIN HQI points over the best single spectrum and explains at
#: least MIXTURE_EXPLAINED of what that spectrum leaves (of 100 - its HQI). A pure new specimen gains a little
#: from any second spectrum, but explains little of its own difference from the library; a sum of two substances
#: is explained almost whole. Chosen on RRUFF_IR splits 0-2 (gain >= 8 alone flagged 9 % of pure new specimens
#: and 77 % of 50/50 library pairs; this rule 6 % and 89 %), see benchmarks/README.md, "Identification".
MIXTURE_GAIN = 2.0
MIXTURE_EXPLAINED = 0.6

#: Also a likely mixture: a pair that explains at least NEARLY_WHOLE_EXPLAINED of the single spectrum's misfit, for
#: a gain of at least NEARLY_WHOLE_GAIN. A component with few bands in the range adds little to a sum (a small gain),
#: but the right pair then fits it almost whole; a pure spectrum's misfit (another specimen, noise) is never
#: explained that well. On RRUFF_IR (chosen on splits 0-4 of bench_mixture_misses.py, judged on 5-9) it raised the
#: 50/50 library pairs flagged from 89 / 92 % to 95 / 97 % and flagged no more pure specimens or new-specimen pairs.
NEARLY_WHOLE_GAIN = 0.5
NEARLY_WHOLE_EXPLAINED = 0.9


def is_mixture(gain, explained):
    """Whether a pair's ``gain`` (HQI points over the best single spectrum) and ``explained`` share of that
    spectrum's misfit make a likely mixture (scalars or arrays)."""
    usual = (gain >= MIXTURE_GAIN) & (explained >= MIXTURE_EXPLAINED)
    return usual | ((gain >= NEARLY_WHOLE_GAIN) & (explained >= NEARLY_WHOLE_EXPLAINED))


#: Library spectra (the best-correlated with the unknown) among which pairs are tried: the components of a mixture
#: correlate with it, so they are among its best candidates, and the search costs this squared, not the library's.
SHORTLIST = 300


def best_pairs(
    features: np.ndarray, library: np.ndarray, library_classes: np.ndarray, shortlist: int = SHORTLIST
) -> list[dict]:
    """For each unknown, the best non-negative combination of two library spectra of different classes.

    Both sides are preprocessed (and standardized), which is linear per spectrum,
    so a mixture of two substances is a non-negative combination of their rows.
    With unit rows, the least-squares fit of the unknown by rows ``a`` and ``b``
    needs only their correlations with it and with each other, so all pairs
    cost one matrix of numbers per unknown (non-negative least squares for two
    columns, in closed form). Every pair of the unknown's ``shortlist`` best
    library spectra is tried, exactly; a library no larger than that is tried whole.

    Parameters
    ----------
    features : ndarray of shape (n, n_points)
        Preprocessed unknowns.
    library : ndarray of shape (n_library, n_points)
        Standardized library rows.
    library_classes : ndarray of shape (n_library,)
        Each row's class; pairs of one class are not mixtures.
    shortlist : int, default=300
        Library rows per unknown among which pairs are tried.

    Returns
    -------
    pairs : list of dict
        Per unknown: ``first`` and ``second`` (library rows; ``second`` is -1
        when no pair beats the best single spectrum), ``share`` (the first's
        share of the fitted sum) and ``hqi`` (100 x the correlation of the
        unknown with the fitted sum).
    """
    whole = len(library) <= shortlist
    gram_all = library @ library.T if whole else None
    out = []
    for r in standardize_rows(features) @ library.T:
        rows = np.arange(len(r)) if whole else np.argpartition(-r, shortlist - 1)[:shortlist]
        gram = gram_all if whole else library[rows] @ library[rows].T
        classes, rs = library_classes[rows], r[rows]
        allowed = classes[:, None] != classes[None, :]
        allowed &= np.triu(np.ones(gram.shape, dtype=bool), 1) & (np.abs(gram) < 0.999)  # each pair once
        det = np.where(allowed, 1 - gram**2, 1.0)
        a = (rs[:, None] - gram * rs[None, :]) / det  # coefficient of the first row of the pair
        b = (rs[None, :] - gram * rs[:, None]) / det
        quality = np.where(allowed & (a > 0) & (b > 0), rs[:, None] * a + rs[None, :] * b, -np.inf)
        single = int(np.argmax(r))
        best = {"first": single, "second": -1, "share": 1.0, "hqi": 100 * max(float(r[single]), 0.0)}
        i, j = np.unravel_index(int(np.argmax(quality)), quality.shape)
        if np.isfinite(quality[i, j]) and 100 * np.sqrt(quality[i, j]) > best["hqi"]:
            best = {"first": int(rows[i]), "second": int(rows[j]), "share": float(a[i, j] / (a[i, j] + b[i, j])),
                    "hqi": 100 * float(np.sqrt(quality[i, j]))}  # fmt: skip
        out.append(best)
    return out


def mixture_table(
    names, pairs: list[dict], single: np.ndarray, classes: np.ndarray, references, flat: np.ndarray | None = None
) -> pd.DataFrame:
    """One row per spectrum: its best pair (classes, references, share, HQI), its best single HQI, the gain,
    the share of the single spectrum's misfit the pair explains, and whether they make a likely mixture
    (:func:`is_mixture`).

    ``classes`` and ``references`` give each library row's substance and name; a ``flat`` spectrum (a
    failed measurement) is no mixture, as it is no match.
    """
    rows = []
    flat = np.zeros(len(pairs), dtype=bool) if flat is None else flat
    for name, pair, one, nothing in zip(names, pairs, single, flat):
        second, gain = pair["second"], 0.0 if nothing else pair["hqi"] - one
        explained = gain / max(100.0 - one, 1e-6)
        rows.append({
            "spectrum": name, "first": classes[pair["first"]], "second": classes[second] if second >= 0 else "",
            "first_reference": references[pair["first"]], "second_reference": references[second] if second >= 0 else "",
            "share": round(pair["share"], 3), "hqi_pair": round(pair["hqi"], 2), "hqi_single": round(one, 2),
            "gain": round(gain, 2), "explained": round(explained, 3),
            "mixture": bool(is_mixture(gain, explained)),
        })  # fmt: skip
    return pd.DataFrame(rows)


def mixtures_of(identifier, X, names=None, axis_offset: float | None = None) -> pd.DataFrame:
    """:meth:`~sklearn_teanet.SpectrumIdentifier.identify_mixtures` of a fitted identifier.

    Each unknown is first moved by the shift of its best single hit, as the hit
    list compared it, and a pair must gain over that shifted single hit: an
    unknown that is one library substance on a shifted axis is that substance,
    not a mixture of two others that happen to fit it unshifted.
    """
    from .matching import moved, preprocessed
    from .overlap import has_own_axes
    from .run_offset import corrected

    evidence = identifier._match(X, axis_offset)  # the hit list's own HQIs, shifts and flatness
    best = np.argmax(evidence["hqi"], axis=1)
    shifts = evidence["shift"][np.arange(len(best)), best]
    if has_own_axes(identifier.estimator_, X):  # each axis moved back by its hit's shift, to a fraction of a point
        features, _ = preprocessed(identifier.estimator_, [corrected([x], s)[0] for x, s in zip(X, shifts)])
    else:
        features, _ = preprocessed(identifier.estimator_, X)
        points = np.rint(-shifts / (identifier.axis_step_ or 1.0)).astype(int)
        features = np.vstack([moved(row[None], int(p)) for row, p in zip(features, points)])
    names = list(range(len(features))) if names is None else list(names)
    pairs = best_pairs(features, identifier.library_, identifier.library_classes_)
    single = evidence["hqi"].max(axis=1)
    classes = identifier.classes_[identifier.library_classes_]
    table = mixture_table(names, pairs, single, classes, identifier.library_names_, flat=evidence["flat"])
    return table.assign(shift_cm=np.round(shifts, 1))
