#!/usr/bin/env python3
"""Cross-check ciblab's ranking metrics against scikit-learn, an independent implementation.

Runs the Swift test `CrossCheckExportTests` with CIBLAB_CROSSCHECK_DIR set, which writes, per case,
`case-N-data.csv` (label, score) and `case-N-ours.csv` (our average precision, ROC AUC, PR and ROC points), then
compares them with sklearn.metrics.average_precision_score, roc_auc_score, precision_recall_curve and roc_curve
(drop_intermediate=False); `case-N-clusters.csv` (two labelings with our adjusted Rand index and NMI) is compared
with adjusted_rand_score and normalized_mutual_info_score. Installs scikit-learn with pip when it is missing; scikit-learn is never a dependency of
ciblab itself.

Usage: scripts/crosscheck-metrics.py [--dir DIR] [--no-run] [--scratch-path PATH]
       (--no-run: compare files already in DIR)
Exit status: 0 when everything agrees to 1e-9, 1 on a mismatch, 2 when the check cannot run.
"""
import argparse
import csv
import glob
import os
import subprocess
import sys
import tempfile

TOLERANCE = 1e-9


def ensure_sklearn():
    try:
        import sklearn  # noqa: F401
        return
    except ImportError:
        pass
    print("scikit-learn is missing: installing it with pip (needs network access)", file=sys.stderr)
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "scikit-learn"])
    if result.returncode != 0:
        # Debian's system Python refuses plain pip installs (PEP 668); retry as a user install.
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--user", "--break-system-packages", "scikit-learn"])
    if result.returncode != 0:
        sys.exit("crosscheck-metrics: could not install scikit-learn (offline?); nothing was compared")
    import site
    import importlib
    sys.path.append(site.getusersitepackages())
    importlib.invalidate_caches()


def export(directory, root, scratch):
    env = dict(os.environ, CIBLAB_CROSSCHECK_DIR=directory)
    command = ["swift", "test", "--scratch-path", scratch or os.path.join(root, ".build-crosscheck"),
               "--filter", "CrossCheckExportTests"]
    print("running:", " ".join(command), file=sys.stderr)
    result = subprocess.run(command, cwd=root, env=env)
    if result.returncode != 0:
        sys.exit(2)


def read_case(data_path, ours_path):
    labels, scores = [], []
    with open(data_path, newline="") as f:
        for row in csv.DictReader(f):
            labels.append(int(row["label"]))
            scores.append(float(row["score"]))
    ours = {"pr": {}, "roc": {}}
    with open(ours_path, newline="") as f:
        for row in csv.DictReader(f):
            if row["kind"] in ("average_precision", "roc_auc"):
                ours[row["kind"]] = float(row["y"])
            else:
                ours[row["kind"]][float(row["threshold"])] = (float(row["x"]), float(row["y"]))
    return labels, scores, ours


def compare(labels, scores, ours, name):
    import numpy as np
    from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve

    y, s = np.array(labels), np.array(scores)
    problems = []
    ap, auc = average_precision_score(y, s), roc_auc_score(y, s)
    if abs(ap - ours["average_precision"]) > TOLERANCE:
        problems.append(f"average precision: sklearn {ap!r}, ciblab {ours['average_precision']!r}")
    if abs(auc - ours["roc_auc"]) > TOLERANCE:
        problems.append(f"ROC AUC: sklearn {auc!r}, ciblab {ours['roc_auc']!r}")
    precision, recall, thresholds = precision_recall_curve(y, s)
    for p, r, t in zip(precision, recall, thresholds):
        mine = ours["pr"].get(float(t))
        if mine is None or abs(mine[0] - r) > TOLERANCE or abs(mine[1] - p) > TOLERANCE:
            problems.append(f"PR point at threshold {t!r}: sklearn (recall {r!r}, precision {p!r}), ciblab {mine}")
    fpr, tpr, roc_thresholds = roc_curve(y, s, drop_intermediate=False)
    for f, t_, th in zip(fpr[1:], tpr[1:], roc_thresholds[1:]):
        mine = ours["roc"].get(float(th))
        if mine is None or abs(mine[0] - f) > TOLERANCE or abs(mine[1] - t_) > TOLERANCE:
            problems.append(f"ROC point at threshold {th!r}: sklearn ({f!r}, {t_!r}), ciblab {mine}")
    if len(ours["roc"]) != len(fpr) - 1:
        problems.append(f"ROC point count: sklearn {len(fpr) - 1}, ciblab {len(ours['roc'])}")
    clusters_path = ours.get("clusters_path")
    cluster_note = ""
    if clusters_path and os.path.exists(clusters_path):
        from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
        truth, predicted, mine = [], [], {}
        with open(clusters_path, newline="") as f:
            for row in csv.reader(f):
                if row[0] in ("ari", "nmi"):
                    mine[row[0]] = float(row[1])
                elif row[0] != "truth":
                    truth.append(int(row[0]))
                    predicted.append(int(row[1]))
        ari, nmi = adjusted_rand_score(truth, predicted), normalized_mutual_info_score(truth, predicted)
        if abs(ari - mine["ari"]) > TOLERANCE:
            problems.append(f"adjusted Rand index: sklearn {ari!r}, ciblab {mine['ari']!r}")
        if abs(nmi - mine["nmi"]) > TOLERANCE:
            problems.append(f"NMI: sklearn {nmi!r}, ciblab {mine['nmi']!r}")
        cluster_note = f" ARI={ari:.6f} NMI={nmi:.6f}"
    status = "ok" if not problems else "MISMATCH"
    print(f"{name}: n={len(y)} positives={int(y.sum())} AP={ap:.6f} AUC={auc:.6f} "
          f"PR points={len(thresholds)}{cluster_note} {status}")
    for problem in problems[:10]:
        print("   ", problem)
    return not problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="where the Swift test writes its cases (default: a new temporary directory)")
    parser.add_argument("--no-run", action="store_true", help="compare files already in --dir")
    parser.add_argument("--scratch-path", help="swift build directory (default: .build-crosscheck in the package)")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    directory = args.dir or tempfile.mkdtemp(prefix="ciblab-crosscheck-")
    ensure_sklearn()
    if not args.no_run:
        export(directory, root, args.scratch_path)
    cases = sorted(glob.glob(os.path.join(directory, "case-*-data.csv")))
    if not cases:
        sys.exit(f"crosscheck-metrics: no cases in {directory}")
    ok = True
    for data_path in cases:
        name = os.path.basename(data_path).replace("-data.csv", "")
        labels, scores, ours = read_case(data_path, data_path.replace("-data.csv", "-ours.csv"))
        ours["clusters_path"] = data_path.replace("-data.csv", "-clusters.csv")
        ok = compare(labels, scores, ours, name) and ok
    print("all cases agree with scikit-learn" if ok else "ciblab and scikit-learn disagree", file=sys.stderr)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
