"""Do TeaNet and CNN attend to the true characteristic peaks? The A metric on synthetic spectra.

For several (theta, FWHM) settings of LorentzSpectraGenerator, both models are trained on
the same split; then, for every test spectrum, the response (``explain``, for its
true class) is scored with A (Eq. 5) on the true characteristic-peak regions
(each peak's FWHM interval). Random attention would score the regions' share of
the spectrum, printed as "chance".

Run: .venv/bin/python benchmarks/bench_discriminant_regions.py [--quick]
"""

import argparse
import time

import numpy as np
from sklearn.model_selection import train_test_split

from sklearn_teanet import CNNClassifier, LorentzSpectraGenerator, TeaNetClassifier
from sklearn_teanet.interpretation import attention, region_mask

SETTINGS = [(10.0, (0.0, 50.0)), (10 / 3, (50.0, 100.0)), (1.0, (0.0, 50.0)), (1.0, (100.0, 150.0))]


def models(quick: bool):
    epochs = 20 if quick else 80
    # The settings the recorded table was measured with (constant learning rate, 3 convolutions per stage).
    common = dict(
        lr=1e-3, lr_schedule="constant", batch_size=32, max_epochs=epochs, validation_fraction=0.0, random_state=0
    )
    return {
        "CNN": CNNClassifier(**common),
        "TeaNet": TeaNetClassifier(
            n_masks=4, reconstruction_depth=4, reconstruction_channels=8, reconstruction_width=3, **common
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer classes and epochs, for a smoke run")
    parser.add_argument("--methods", nargs="*", default=["gradcam", "hirescam"])
    args = parser.parse_args()
    n_classes = 10 if args.quick else 40
    print(
        f"# {n_classes} classes x 10 spectra of 512 points per setting, 50/50 stratified split; "
        f"A on the true characteristic-peak regions (mean over test spectra)"
    )
    columns = ["theta", "FWHM", "chance"]
    for name in ("CNN", "TeaNet"):
        columns += [f"{name} acc %"] + [f"{name} A ({m})" for m in args.methods]
    header = "| " + " | ".join(columns + ["seconds"]) + " |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for theta, fwhm in SETTINGS:
        start = time.perf_counter()
        data = LorentzSpectraGenerator(
            n_classes=n_classes, n_samples_per_class=10, n_points=512, theta=theta, fwhm=fwhm, random_state=0
        ).generate()
        X_tr, X_te, y_tr, y_te = train_test_split(
            data.data, data.target, test_size=0.5, stratify=data.target, random_state=0
        )
        masks = np.stack([region_mask(512, data.regions[c]) for c in y_te])
        cells = [f"{theta:.3g}", f"{fwhm[0]:g}-{fwhm[1]:g}", f"{masks.mean():.2f}"]
        for model in models(args.quick).values():
            model.fit(X_tr, y_tr)
            cells.append(f"{100 * model.score(X_te, y_te):.1f}")
            for method in args.methods:
                responses = model.explain(X_te, target=y_te, method=method)
                share = np.mean([attention(r, data.regions[c]) for r, c in zip(responses, y_te)])
                cells.append(f"{share:.2f}")
        cells.append(f"{time.perf_counter() - start:.0f}")
        print("| " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
