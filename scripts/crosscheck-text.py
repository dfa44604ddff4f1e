#!/usr/bin/env python3
"""Cross-check of the text model (issue 21): can a text classifier find the campaign by its wording alone?

Fits a character 2-4-gram logistic regression (scikit-learn, an oracle only, never a dependency of ciblab) on the
texts `ciblab text-sample` writes for one seed — campaign copies of Meta's real Spamouflage headlines (with the
generator's typos, translation slips and paraphrases) against everything honest: newsroom headlines, organic posts
and replies on the campaign's narratives, everyday posts — and scores the texts of another seed. Prints the ROC AUC
of campaign vs newsroom headlines on the narratives, vs organic texts on the narratives, vs everything honest.
Issue 21 is done at <= 0.85 for the first two.

    pip install scikit-learn
    scripts/crosscheck-text.py [--fit-seed 11] [--score-seed 12] [--count 3000] [--bin PATH]

Exit status 1 when an AUC against newsroom or organic on-topic texts is above --target (0.85).
"""
import argparse
import csv
import io
import os
import subprocess
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def sample(binary, seed, count):
    out = subprocess.run([binary, "text-sample", "--seed", str(seed), "--count", str(count)],
                         check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fit-seed", type=int, default=11)
    ap.add_argument("--score-seed", type=int, default=12)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--target", type=float, default=0.85)
    ap.add_argument("--bin", default=None, help="ciblab binary (default: the release build, else the debug build)")
    ap.add_argument("--show", type=int, default=0, help="print this many top campaign n-grams")
    args = ap.parse_args()
    binary = args.bin
    if binary is None:
        for build in ("release", "debug"):
            candidate = os.path.join(ROOT, ".build", build, "ciblab")
            if os.path.exists(candidate):
                binary = candidate
                break
    if binary is None:
        sys.exit("crosscheck-text: no ciblab binary; run swift build first or pass --bin")

    fit = sample(binary, args.fit_seed, args.count)
    score = sample(binary, args.score_seed, args.count)
    # Campaign vs every honest text (ads excluded: they are a register of their own, not a hard negative here).
    fit = [r for r in fit if r["writer"] != "commercial"]
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), min_df=2, sublinear_tf=True, max_features=300_000)
    x = vectorizer.fit_transform([r["text"] for r in fit])
    y = [r["writer"] == "campaign" for r in fit]
    model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
    model.fit(x, y)
    if args.show:
        names = vectorizer.get_feature_names_out()
        top = sorted(zip(model.coef_[0], names), reverse=True)[: args.show]
        print("top campaign n-grams:", " ".join(repr(n) for _, n in top))

    def auc(honest):
        rows = [r for r in score if r["writer"] == "campaign"] + [r for r in score if honest(r)]
        p = model.decision_function(vectorizer.transform([r["text"] for r in rows]))
        return roc_auc_score([r["writer"] == "campaign" for r in rows], p), sum(1 for r in rows if honest(r))

    narrative = lambda r: r["topic"] not in ("everyday",) and r["kind"] != "headline-other"
    checks = [
        ("newsroom headlines on the narratives", lambda r: r["writer"] == "newsroom" and r["kind"] == "headline", True),
        ("organic posts and replies on the narratives", lambda r: r["writer"] == "organic" and r["kind"] in ("post", "reply") and narrative(r), True),
        ("newsroom headlines on other topics", lambda r: r["kind"] == "headline-other", False),
        ("everyday organic texts", lambda r: r["writer"] == "organic" and r["kind"] not in ("post", "reply"), False),
        ("all honest texts", lambda r: r["writer"] != "campaign", False),
    ]
    print(f"character 2-4-gram logistic regression, fit seed {args.fit_seed}, scored on seed {args.score_seed} "
          f"({args.count} texts per class)")
    failed = False
    for label, honest, gated in checks:
        value, n = auc(honest)
        mark = "" if not gated else ("  ok (<= %.2f)" % args.target if value <= args.target else "  ABOVE %.2f" % args.target)
        print(f"  campaign vs {label:45s} AUC {value:.4f}  (n={n}){mark}")
        failed |= gated and value > args.target
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
