"""What each command does: call the library with the parsed options, and print what it returns."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from ..data import MID_IR_RANGE, LorentzSpectraGenerator, SpectrumNormalizer, fetch_rruff_ir, file_groups, read_dataset
from ..evaluation import LeaveOneSamplePerClassOut
from ..paper import compare_methods, make_method, make_splitter, network_params, run_benchmark, summarize, write_reports

__all__ = ["demo", "benchmark", "ablation", "synthetic_grid", "train", "identify"]

#: Best hits printed by identify; a larger batch is read in hits.csv.
SHOWN = 50


def _params(name: str, args: argparse.Namespace) -> dict:
    """Method ``name``'s parameters from ``--networks``, ``--epochs``, ``--max-time-per-fit`` and ``-vv``."""
    return network_params(
        name,
        getattr(args, "networks", "small"),
        getattr(args, "epochs", None),
        getattr(args, "max_time_per_fit", None),
        getattr(args, "verbose", 0) >= 2,
    )


def _methods(names, args: argparse.Namespace) -> dict:
    return {name: make_method(name, random_state=args.random_state, **_params(name, args)) for name in names}


def _synthetic(args: argparse.Namespace):
    return LorentzSpectraGenerator(
        n_classes=args.n_classes,
        n_samples_per_class=args.n_samples_per_class,
        n_points=args.n_points,
        theta=args.theta,
        fwhm=tuple(args.fwhm),
        random_state=args.random_state,
    ).generate()


def demo(args: argparse.Namespace) -> int:
    data = _synthetic(args)
    cv = LeaveOneSamplePerClassOut(n_repeats=args.repeats, random_state=args.random_state)
    print(
        f"Synthetic Lorentz spectra: {args.n_classes} classes x {args.n_samples_per_class} spectra "
        f"of {args.n_points} points (theta={args.theta:.3g}, FWHM {args.fwhm[0]:g}-{args.fwhm[1]:g}); "
        f"leave one spectrum per class out, {args.repeats} repeats.",
        flush=True,
    )
    start = time.perf_counter()

    def progress(name, rows):
        print(f"  {name:<14} {100 * rows.accuracy.mean():6.2f} %  ({rows.fit_time.sum():.1f} s)", flush=True)

    results = compare_methods(_methods(args.methods, args), data.data, data.target, cv, on_result=progress)
    print()
    print(summarize(results).to_string())
    print(f"\nTotal time: {time.perf_counter() - start:.0f} s")
    return 0


def _dataset(args: argparse.Namespace):
    """``X, y, groups`` and a title for ``--dataset``."""
    if args.dataset == "synthetic":
        data = _synthetic(args)
        return data.data, data.target, None, f"synthetic Lorentz spectra (theta={args.theta:.3g})"
    window = getattr(args, "wavenumber_range", None)
    if window and not window[0] < window[1]:
        raise ValueError(f"--wavenumber-range must be LOW HIGH with LOW < HIGH, got {window[0]:g} {window[1]:g}.")
    if args.dataset == "rruff_ir":
        data = fetch_rruff_ir(wavenumber_range=window or MID_IR_RANGE, classes=args.classes, n_points=args.n_points)
        groups = None if args.groups == "none" else file_groups(data)
    else:
        tabled = str(args.dataset).lower().endswith((".csv", ".npz"))
        data = read_dataset(
            args.dataset,
            label=args.label,
            groups=args.groups,
            classes=args.classes,
            wavenumber_range=window or (None if tabled else MID_IR_RANGE),
            n_points=args.n_points,
        )
        groups = data.groups
    X = SpectrumNormalizer("max").fit_transform(data.data) if args.normalize else data.data
    return X, data.target, groups, f"{args.dataset}: {len(X)} spectra, {len(set(data.target))} classes"


def _interrupted(args: argparse.Namespace) -> int:
    print(f"\nInterrupted. Finished fits are kept in {args.out}; run the same command again to resume.")
    return 130


def _run_and_report(methods: dict, args: argparse.Namespace) -> int:
    """The Table 3 protocol (or ``--cv``) on ``--dataset`` for ``methods``, resumable, with reports in ``--out``."""
    X, y, groups, title = _dataset(args)
    cv, protocol = make_splitter(
        args.cv, folds=args.folds, repeats=args.repeats, random_state=args.random_state, grouped=groups is not None
    )
    print(f"{title}; {protocol}; results in {args.out}", flush=True)
    if groups is not None:
        held = [len(set(groups[test])) for _, test in cv.split(X, y, groups)]
        source = args.groups if args.groups not in (None, "none") else "RRUFF id"
        print(
            f"{len(set(groups))} groups ({source}), {np.mean(held):.1f} held out per split: no group "
            "is split between training and test."
        )
    try:
        results = run_benchmark(
            methods,
            X,
            y,
            cv,
            args.out,
            n_jobs=args.n_jobs,
            verbose=1 + min(args.verbose, 1),
            backend=args.backend,
            scheduler=args.scheduler,
            groups=groups,
        )
    except KeyboardInterrupt:
        return _interrupted(args)
    print()
    print(write_reports(results, args.out, title).to_string())
    return 0


def benchmark(args: argparse.Namespace) -> int:
    return _run_and_report(_methods(args.methods, args), args)


def ablation(args: argparse.Namespace) -> int:
    from ..paper import masking_variants, training_variants

    if args.n_points is None:
        args.n_points = 256 if args.dataset == "synthetic" else 1024
    teanet = _params("teanet", args)
    if args.what == "masking":
        variants = masking_variants(teanet, args.schemes)
        methods = _methods(["cnn_full"], args)  # Table 4 reads each scheme against the plain CNN
    else:
        if args.schemes is not None:
            raise ValueError("--schemes chooses rows of Table 4; it applies to --what masking only.")
        variants = training_variants(teanet, n_masks=args.n_masks)
        methods = {}
    methods.update(
        {name: make_method("teanet", random_state=args.random_state, **params) for name, params in variants.items()}
    )
    return _run_and_report(methods, args)


def synthetic_grid(args: argparse.Namespace) -> int:
    from ..data import PAPER_FWHM_RANGES, PAPER_THETAS
    from ..paper import PROBLEM_COLUMNS, grid_report, run_synthetic_grid

    fwhms = [tuple(PAPER_FWHM_RANGES[i]) for i in args.fwhm_cells]
    thetas = [PAPER_THETAS[i] for i in args.theta_cells]
    print(
        f"Fig. 8 grid: {len(thetas)} theta x {len(fwhms)} FWHM cells of {args.n_classes} classes x "
        f"{args.n_samples_per_class} spectra of {args.n_points} points; results in {args.out}",
        flush=True,
    )
    try:
        results = run_synthetic_grid(
            _methods(args.methods, args),
            args.out,
            thetas,
            fwhms,
            random_state=args.random_state,
            n_jobs=args.n_jobs,
            verbose=1 + min(args.verbose, 1),
            n_classes=args.n_classes,
            n_samples_per_class=args.n_samples_per_class,
            n_points=args.n_points,
        )
    except KeyboardInterrupt:
        return _interrupted(args)
    table = grid_report(results, args.out, {column: getattr(args, column) for column in PROBLEM_COLUMNS}, args.methods)
    print()
    print(table.to_string())
    return 0


def train(args: argparse.Namespace) -> int:
    """Fit a SpectrumIdentifier on a library and save it."""
    from ..identification import train_identifier
    from ..persistence import save_model
    from ..utils._atomic import check_writable

    out = Path(args.out)
    if out.is_dir():
        raise ValueError(f"--out {out} is a folder; give the model file's name, e.g. {out / 'model.skops'}.")
    if out.exists() and out.resolve() == Path(args.library).resolve():
        raise ValueError(f"--out {out} is the library itself; writing the model there would replace it.")
    check_writable(out.parent)  # before the fit, not after it
    if args.ranges and len(args.ranges) % 2:
        raise ValueError(f"--ranges takes LOW HIGH pairs; got {len(args.ranges)} numbers.")
    ranges = list(zip(args.ranges[::2], args.ranges[1::2])) if args.ranges else None
    preprocessing = {
        "despike": args.despike,
        "baseline": args.baseline,
        "smooth": args.smooth,
        "derivative": args.derivative,
        "ranges": ranges,
    }
    classifier = make_method(args.method, random_state=args.random_state, **_params(args.method, args))
    start = time.perf_counter()
    identifier, facts = train_identifier(
        args.library,
        classifier,
        classes=args.classes,
        n_points=args.n_points,
        label=args.label,
        groups=args.groups,
        wavenumber_range=tuple(args.wavenumber_range) if args.wavenumber_range else None,
        top_k=args.top,
        confidence=args.confidence,
        max_shift=args.max_shift,
        shift_search=args.shift_search,
        technique=args.technique,
        min_hqi=args.min_hqi,
        preprocessing=preprocessing,
        random_state=args.random_state,
    )
    grid = facts["grid"]
    print(
        f"Library {args.library}: {facts['n_spectra']} spectra of {facts['n_classes']} substances, "
        f"{grid[0]:g} to {grid[-1]:g} cm-1 ({len(grid)} points); method {args.method}"
        f"{', spikes removed first' if facts['despiked'] else ''}; compares {facts['compared']}.",
        flush=True,
    )
    if facts["n_partial"]:
        print(
            f"{facts['n_partial']} of them cover part of that range; each is compared on the points it measured.",
            flush=True,
        )
    save_model(
        identifier, out, format="pickle" if args.pickle else "safe", library=str(args.library), method=args.method
    )
    print(
        f"Trained on {facts['n_spectra']} library spectra ({facts['n_specimens']} specimens) in "
        f"{time.perf_counter() - start:.0f} s; 'no match' calibrated on the {len(identifier.calibration_scores_)} "
        f"whose substance has another specimen, each held out with its specimen's spectra; saved to {out}."
    )
    if facts["n_specimens"] == facts["n_spectra"]:
        # Several files of one sample calibrate on each other's closeness: the estimates below would be too kind.
        print(
            "Each file was taken as a specimen of its own (no RRUFF ids in the names, no --groups column): if "
            "some files are of one specimen, name them with --groups, or the 'no match' estimates are optimistic."
        )
    if facts["known_rejection"] == facts["known_rejection"]:  # not NaN
        print(
            f"At confidence {args.confidence}, by the library's own spectra: about {facts['known_rejection']:.0%} "
            f"of new measurements of its substances and {facts['foreign_rejection']:.0%} of substances it lacks "
            "will be called 'no match'."
        )
    print(
        f"'No match' below HQI {identifier.hqi_cutoff_:.1f} (the calibration at confidence {args.confidence}; "
        f"noise reaches HQI {identifier.noise_hqi_:.1f} against this library)."
    )
    misfits = identifier.library_misfits_
    if len(misfits):
        # A library spectrum closer to another substance than to its own: mislabelled, contaminated, another phase.
        shown = ", ".join(str(m) for m in misfits[:10]) + (" ..." if len(misfits) > 10 else "")
        print(f"Check {len(misfits)} library spectra that match another substance better than their own: {shown}")
    return 0


def identify(args: argparse.Namespace) -> int:
    """Hit lists of unknown files against a saved model: hits.csv and, with matplotlib, a PNG each."""
    from tqdm.auto import tqdm

    from ..identification import MIXTURE_EXPLAINED, MIXTURE_GAIN, NEARLY_WHOLE_EXPLAINED, NEARLY_WHOLE_GAIN
    from ..persistence import load_model
    from ..reporting import check_report_path, identify_files, provenance

    if args.report:  # before the model is read: no output may replace an input, the model or another output
        check_report_path(args.report, args.unknowns, args.out, model=args.model)
    identifier, info = load_model(args.model, metadata=True, trust_pickle=args.trust_pickle)
    if args.min_hqi is not None:
        identifier.set_params(min_hqi=args.min_hqi)
    facts = provenance(identifier, model=args.model, library=info["metadata"].get("library")) if args.report else None
    run = identify_files(
        identifier,
        args.unknowns,
        out=args.out,
        top_k=args.top,
        plots=not args.no_plots,
        min_coverage=args.min_coverage,
        mixtures=args.mixtures,
        report=args.report,
        facts=facts,
        progress=lambda items: tqdm(items, unit="spectrum", desc="identify", disable=not items),
        scheduler=args.scheduler,
        axis_offset=args.axis_offset,
    )
    for note in run.notes:
        print(f"sklearn-teanet: warning: {note}", file=sys.stderr)
    if len(run.hits):
        best = run.hits[run.hits["rank"] == 1]
        # On screen, a "no match" must not read as an identification; hits.csv keeps the candidates and the reason.
        shown = best.assign(
            **{"class": [f"no match (nearest: {c})" if miss else c for c, miss in zip(best["class"], best["no_match"])]}
        )
        columns = ["spectrum", "class", "hqi", "reference", "shift_cm", "p_value"]
        if best["probability"].notna().any():
            columns.insert(3, "probability")  # a network's own probability: shown as such, beside the match quality
        print(shown[columns].head(SHOWN).to_string(index=False))
        if len(best) > SHOWN:  # a batch of thousands is read in hits.csv, not on a terminal
            print(f"... and {len(best) - SHOWN} more.")
        print(
            f"\n{len(best)} spectra identified ({int(best['no_match'].sum())} no match); hit lists in "
            f"{Path(args.out) / 'hits.csv'}"
        )
        if run.axis_offset is not None:
            # One offset for the run: say it, since every shift_cm above is this plus at most the window.
            print(
                f"Axis offset of this run: {run.axis_offset:+.1f} cm-1 ({run.offset_source}); each "
                f"spectrum was searched within {identifier.shift_points_ * identifier.axis_step_:g} cm-1 of it."
            )
    if run.mixtures is not None and len(run.mixtures):
        better = run.mixtures[run.mixtures["mixture"]]
        print(
            f"\nLikely mixtures (a pair of library spectra gains at least {MIXTURE_GAIN:g} HQI points over the best "
            f"one and explains {MIXTURE_EXPLAINED:.0%} of what it leaves, or gains {NEARLY_WHOLE_GAIN:g} and explains "
            f"{NEARLY_WHOLE_EXPLAINED:.0%}; every pair in {Path(args.out) / 'mixtures.csv'}):"
        )
        columns = ["spectrum", "first", "second", "share", "hqi_pair", "gain", "explained"]
        print(better[columns].to_string(index=False) if len(better) else "  none")
    if args.report:
        print(f"Report: {args.report}")
    for file, message in run.failures:
        # The readers' messages mostly name the file already.
        print(f"error: {message}" if message.startswith(file) else f"error: {file}: {message}", file=sys.stderr)
    if run.interrupted:
        print(
            f"\nInterrupted after {best.shape[0] if len(run.hits) else 0} spectra; their hit lists are in "
            f"{Path(args.out) / 'hits.csv'}.",
            file=sys.stderr,
        )
        return 130
    return 1 if run.failures else 0
