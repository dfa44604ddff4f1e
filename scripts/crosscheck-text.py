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

Because the campaign posts a fixed set of real headlines, a classifier fitted on one seed and scored on another
mostly recognises headlines it has seen (memorisation), which is not what issue 21 is about. `--grouped` measures
style instead: the campaign's narratives are split in two halves; the classifier is fitted on the campaign copies of
one half's headlines (and honest texts on that half's narratives, plus everything off the narratives) and scored on
the other half's copies against honest texts on the other half's narratives; then the halves swap. The AUCs of
both directions are printed.
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
sys.path.insert(0, os.path.join(ROOT, "scripts", "text-model"))
import build as text_model  # noqa: E402  (seed_headlines, narrative_of: the build's own narrative labels)


def sample(binary, seed, count, state_share):
    out = subprocess.run([binary, "text-sample", "--seed", str(seed), "--count", str(count),
                          "--state-aligned-share", str(state_share)], check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE))
    seeds = text_model.seed_headlines()
    for r in rows:  # the narrative of a campaign copy: that of the headline it copies
        if r["writer"] == "campaign":
            text, _, english = seeds[int(r["source"])]
            r["topic"] = text_model.narrative_of(text, english)
    return [r for r in rows if r["writer"] != "commercial"]  # ads: a register of their own, not a hard negative here


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fit-seed", type=int, default=11)
    ap.add_argument("--score-seed", type=int, default=12)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--target", type=float, default=0.85)
    ap.add_argument("--bin", default=None, help="ciblab binary (default: the release build, else the debug build)")
    ap.add_argument("--show", type=int, default=0, help="print this many top campaign n-grams")
    ap.add_argument("--state-aligned-share", type=float, default=0.3,
                    help="share of newsroom headlines on the narratives from state-aligned outlets")
    ap.add_argument("--grouped", action="store_true", help="hold out narratives (style, not memorised headlines)")
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

    fit = sample(binary, args.fit_seed, args.count, args.state_aligned_share)
    score = sample(binary, args.score_seed, args.count, args.state_aligned_share)
    narratives = sorted({r["topic"] for r in fit if r["writer"] == "campaign"})
    on_narrative = lambda r: r["writer"] != "campaign" and r["kind"] not in ("headline-other", "status") and r["topic"] in narratives
    checks = [
        ("newsroom headlines on the narratives", lambda r: r["writer"] == "newsroom" and r["kind"] == "headline", True),
        ("organic posts and replies on the narratives", lambda r: r["writer"] == "organic" and r["kind"] in ("post", "reply") and on_narrative(r), True),
        ("newsroom headlines on other topics", lambda r: r["kind"] == "headline-other", False),
        ("newsroom status messages (any topic)", lambda r: r["writer"] == "newsroom" and r["kind"] == "status", False),
        ("everyday organic texts", lambda r: r["writer"] == "organic" and r["kind"] not in ("post", "reply"), False),
        ("all honest texts", lambda r: r["writer"] != "campaign", False),
    ]
    splits = [(None, None)]
    if args.grouped:
        half = set(narratives[0::2])
        splits = [(half, set(narratives) - half), (set(narratives) - half, half)]
    print(f"character 2-4-gram logistic regression, fit seed {args.fit_seed}, scored on seed {args.score_seed} "
          f"({args.count} texts per class, state-aligned share of narrative headlines {args.state_aligned_share})")
    failed = False
    results = {label: [] for label, _, _ in checks}
    for fit_half, score_half in splits:
        if fit_half is None:
            fit_rows, score_rows = fit, score
        else:
            keep = lambda r, h: r["topic"] in h or not (r["writer"] == "campaign" or on_narrative(r))
            fit_rows = [r for r in fit if keep(r, fit_half)]
            score_rows = [r for r in score if keep(r, score_half)]
            print(f"  fitted on narratives {sorted(fit_half)}")
        vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(2, 4), min_df=2, sublinear_tf=True, max_features=300_000)
        x = vectorizer.fit_transform([r["text"] for r in fit_rows])
        model = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced")
        model.fit(x, [r["writer"] == "campaign" for r in fit_rows])
        if args.show:
            names = vectorizer.get_feature_names_out()
            top = sorted(zip(model.coef_[0], names), reverse=True)[: args.show]
            print("  top campaign n-grams:", " ".join(repr(n) for _, n in top))
        for label, honest, _ in checks:
            rows = [r for r in score_rows if r["writer"] == "campaign"] + [r for r in score_rows if honest(r)]
            p = model.decision_function(vectorizer.transform([r["text"] for r in rows]))
            results[label].append((roc_auc_score([r["writer"] == "campaign" for r in rows], p), len(rows)))
    for label, honest, gated in checks:
        values = results[label]
        shown = " / ".join(f"{a:.4f}" for a, _ in values)
        worst = max(a for a, _ in values)
        mark = "" if not gated else ("  ok (<= %.2f)" % args.target if worst <= args.target else "  ABOVE %.2f" % args.target)
        print(f"  campaign vs {label:45s} AUC {shown}  (n={values[0][1]}){mark}")
        failed |= gated and worst > args.target
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
