#!/usr/bin/env python3
"""Cross-check the audit's learned probes against scikit-learn's HistGradientBoostingClassifier.

Runs `ciblab audit SCENARIO --export-probes DIR` (text probe and bootstrap off), which writes, per probe
(with-identity, without-identity, marginal-only), `NAME-train.csv` (the encoded features of the train world's sampled
entities, label, weight) and `NAME-test.csv` (every test-world entity's features, label and ciblab's probability).
Then fits HistGradientBoostingClassifier with the same settings (log-loss, max_depth=3, max_iter=100,
learning_rate=0.1, min_samples_leaf=20, l2_regularization=1, max_bins=255, no early stopping) on the same rows and
weights, and compares average precision and ROC AUC on the test world. The two implementations bin and break ties
alike but not identically, so the models differ slightly: the check passes when every AP differs by at most
--tolerance (default 0.02). scikit-learn is never a dependency of ciblab; the script installs it with pip when missing.

On a world that leaks, every probe's AP is 1 and the comparison says little; --synthetic compares instead on a
problem far from separable (about 10% positives, AP well below 1), exported by the Swift test
BoostedTreesCrossCheckExportTests (run with CIBLAB_CROSSCHECK_DIR set, as scripts/crosscheck-metrics.py does).

Usage: scripts/crosscheck-audit-gbdt.py [SCENARIO] [--seed 12] [--train-seed 11] [--dir DIR] [--no-run]
       [--binary PATH] [--tolerance 0.02]
       scripts/crosscheck-audit-gbdt.py --synthetic [--scratch-path PATH]
Exit status: 0 when the APs agree, 1 when one does not, 2 when the check cannot run.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

PROBES = ["with-identity", "without-identity", "marginal-only"]


def ensure_sklearn():
    try:
        import sklearn  # noqa: F401
        return
    except ImportError:
        pass
    print("scikit-learn is missing: installing it with pip (needs network access)", file=sys.stderr)
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "scikit-learn"])
    if result.returncode != 0:
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--user", "--break-system-packages", "scikit-learn"])
    if result.returncode != 0:
        sys.exit("crosscheck-audit-gbdt: could not install scikit-learn (offline?); nothing was compared")
    import importlib
    import site
    sys.path.append(site.getusersitepackages())
    importlib.invalidate_caches()


def export(args, directory):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = args.binary or os.path.join(root, ".build", "release", "ciblab")
    if not os.path.exists(binary):
        sys.exit(f"crosscheck-audit-gbdt: {binary} not found: run `swift build -c release` first or pass --binary")
    command = [binary, "audit"] + ([args.scenario] if args.scenario else []) + [
        "--no-text", "--bootstrap", "0", "--export-probes", directory, "--force"]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    if args.train_seed is not None:
        command += ["--train-seed", str(args.train_seed)]
    print("running:", " ".join(command), file=sys.stderr)
    result = subprocess.run(command, cwd=root, stdout=subprocess.DEVNULL)
    if result.returncode not in (0, 1):  # 1: the audit failed its identity check, which is not our concern here
        sys.exit(2)


def export_synthetic(directory, scratch):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, CIBLAB_CROSSCHECK_DIR=directory)
    command = ["swift", "test", "--filter", "BoostedTreesCrossCheckExportTests"]
    if scratch:
        command += ["--scratch-path", scratch]
    print("running:", " ".join(command), file=sys.stderr)
    if subprocess.run(command, cwd=root, env=env).returncode != 0:
        sys.exit(2)


def read(path):
    import numpy as np
    with open(path) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    return header, data


def compare(directory, tolerance, probes):
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import average_precision_score, roc_auc_score

    worst = 0.0
    print(f"{'probe':<18} {'features':>8} {'train rows':>10} {'AP ciblab':>10} {'AP sklearn':>10} {'ΔAP':>8} "
          f"{'AUC ciblab':>10} {'AUC sklearn':>11} {'sklearn s':>9}")
    for probe in probes:
        train_header, train = read(os.path.join(directory, f"{probe}-train.csv"))
        test_header, test = read(os.path.join(directory, f"{probe}-test.csv"))
        features = len(train_header) - 2
        assert train_header[:features] == test_header[:features], f"{probe}: train and test columns differ"
        x, y, w = train[:, :features], train[:, features].astype(int), train[:, features + 1]
        tx, ty, ours = test[:, :features], test[:, features].astype(int), test[:, features + 1]
        model = HistGradientBoostingClassifier(
            loss="log_loss", learning_rate=0.1, max_iter=100, max_depth=3, max_leaf_nodes=None, min_samples_leaf=20,
            l2_regularization=1.0, max_bins=255, early_stopping=False, random_state=0)
        started = time.time()
        model.fit(x, y, sample_weight=w)
        seconds = time.time() - started
        theirs = model.predict_proba(tx)[:, 1]
        ap_ours, ap_theirs = average_precision_score(ty, ours), average_precision_score(ty, theirs)
        auc_ours, auc_theirs = roc_auc_score(ty, ours), roc_auc_score(ty, theirs)
        worst = max(worst, abs(ap_ours - ap_theirs))
        print(f"{probe:<18} {features:>8} {len(y):>10} {ap_ours:>10.4f} {ap_theirs:>10.4f} {ap_ours - ap_theirs:>+8.4f} "
              f"{auc_ours:>10.4f} {auc_theirs:>11.4f} {seconds:>9.1f}")
    ok = worst <= tolerance
    print(f"largest |ΔAP| {worst:.4f}: {'agree' if ok else 'DISAGREE'} within {tolerance}")
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", help="scenario file (default: ciblab's default scenario)")
    parser.add_argument("--seed", type=int, help="test world seed")
    parser.add_argument("--train-seed", type=int, help="train world seed")
    parser.add_argument("--dir", help="where the matrices go (default: a temporary directory, removed afterwards)")
    parser.add_argument("--no-run", action="store_true", help="compare matrices already in --dir")
    parser.add_argument("--binary", help="the ciblab binary (default: .build/release/ciblab)")
    parser.add_argument("--tolerance", type=float, default=0.02, help="largest acceptable |ΔAP|")
    parser.add_argument("--synthetic", action="store_true", help="compare on the synthetic problem of the Swift tests")
    parser.add_argument("--scratch-path", help="the Swift build directory for --synthetic")
    args = parser.parse_args()
    ensure_sklearn()
    if args.no_run and not args.dir:
        sys.exit("crosscheck-audit-gbdt: --no-run needs --dir")
    with tempfile.TemporaryDirectory() as scratch:
        directory = args.dir or os.path.join(scratch, "probes")
        if not args.no_run:
            if args.synthetic:
                export_synthetic(directory, args.scratch_path)
            else:
                export(args, directory)
        probes = ["synthetic"] if args.synthetic else PROBES
        sys.exit(0 if compare(directory, args.tolerance, probes) else 1)


if __name__ == "__main__":
    main()
