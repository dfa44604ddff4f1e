#!/usr/bin/env python3
"""How often do independently written texts of the text model come out as near-duplicates?

The near-duplicate detector (Sources/CIBDetectors/NearDuplicate/MinHashLSH.swift) calls two texts near-duplicates
when the Jaccard similarity of their sets of 4-byte shingles, after normalisation (ASCII letters lower-cased, every
other ASCII run one space, leading and trailing spaces dropped, non-ASCII bytes kept), is at least 0.7, and ignores
texts shorter than 24 normalised bytes. Honest texts about different things must rarely meet that bar, or everyone
who shares a link looks like a sprayer.

This script asks `ciblab text-sample --collisions` for `--count` independently generated texts per language and kind
(newsroom headlines in the independent voice, ordinary posts on topics in the writers' own words, the same with the
state-media shares the world also writes, everyday posts, replies, questions), normalises them exactly as the
detector does and reports, per language and kind, the share of texts of at least `--min-length` normalised bytes
that have at least one near-duplicate (J >= `--threshold`) among the others — exact repeats included.

Candidates come from MinHash LSH (numpy), as in the detector; every candidate that the MinHash estimate does not rule
out is verified with the exact Jaccard similarity, and identical normalised texts are grouped first.

    scripts/text-model/collisions.py [--count 50000] [--seed 11] [--languages en,zh] [--kinds headline,...]
    scripts/text-model/collisions.py --show 5      # print examples of near-duplicate pairs per group

Exit status 1 when a group of --strict kinds (default: headline, topic-post, everyday) is above --target (0.005).
"""
import argparse
import collections
import csv
import io
import os
import subprocess
import sys

import numpy as np


ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BANDS, ROWS = 20, 4


def normalise(text):
    """The detector's normalisation, on UTF-8 bytes."""
    out = bytearray()
    pending = False
    for b in text.encode("utf-8"):
        if b < 0x80 and not (0x30 <= b <= 0x39 or 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A):
            pending = len(out) > 0
            continue
        if pending:
            out.append(0x20)
            pending = False
        out.append(b | 0x20 if 0x41 <= b <= 0x5A else b)
    return bytes(out)


def shingles(norm, k=4):
    if len(norm) < k:
        return frozenset([norm])
    return frozenset(int.from_bytes(norm[i:i + k], "little") for i in range(len(norm) - k + 1))


def near_duplicates(texts, threshold, min_length, show=0):
    """(texts considered, distinct, flagged, exact repeats, example pairs): texts of at least min_length normalised
    bytes that have a near-duplicate among the others.

    As the detector does it: identical normalised texts are grouped first; candidate pairs of distinct texts come
    from MinHash LSH (80 hashes in 20 bands of 4 rows: a pair at J = 0.7 becomes a candidate with probability 0.995;
    Leskovec, Rajaraman, Ullman, Mining of Massive Datasets, ch. 3.4); candidates whose MinHash estimate is below
    0.5 (more than four standard deviations below 0.7 at 80 hashes) are dropped, and every other candidate is
    verified with the exact Jaccard similarity of the shingle sets."""
    norms = [normalise(t) for t in texts]
    keep = [i for i, n in enumerate(norms) if len(n) >= min_length]
    groups = collections.defaultdict(list)
    for i in keep:
        groups[norms[i]].append(i)
    distinct = list(groups)
    sizes = np.array([len(groups[d]) for d in distinct], dtype=np.int64)
    flagged = sizes > 1
    exact = int(sizes[flagged].sum())
    examples = [(1.0, texts[groups[d][0]], texts[groups[d][1]]) for d in distinct if len(groups[d]) > 1][:show]
    n = len(distinct)
    if n < 2:
        return len(keep), n, int(sizes[flagged].sum()), exact, examples
    sets = [shingles(d) for d in distinct]
    lengths = np.array([len(x) for x in sets], dtype=np.int64)
    flat = np.fromiter((x for x in sets for x in x), dtype=np.uint64, count=int(lengths.sum()))
    flat = (flat * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF)
    flat ^= flat >> np.uint64(15)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    rng = np.random.default_rng(0x6E656172)
    a = rng.integers(1, 2**32, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**32, size=BANDS * ROWS, dtype=np.uint64)
    sig = np.empty((n, BANDS * ROWS), dtype=np.uint32)
    for h in range(BANDS * ROWS):
        sig[:, h] = np.minimum.reduceat((flat * a[h] + b[h]) & np.uint64(0xFFFFFFFF), offsets)
    pairs = []
    for band in range(BANDS):
        cols = sig[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
        key = np.zeros(n, dtype=np.uint64)
        for r in range(ROWS):
            key = (key * np.uint64(0x100000001B3)) ^ cols[:, r]
        order = np.argsort(key, kind="stable")
        sk = key[order]
        starts = np.flatnonzero(np.concatenate([[True], sk[1:] != sk[:-1]]))
        ends = np.concatenate([starts[1:], [n]])
        for s_, e_ in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
            m = order[s_:e_]
            x, y = np.triu_indices(len(m), 1)
            i, j = np.minimum(m[x], m[y]), np.maximum(m[x], m[y])
            pairs.append(i.astype(np.int64) * n + j)
    if pairs:
        cand = np.unique(np.concatenate(pairs))
        kept = []
        for c in range(0, len(cand), 1 << 20):
            chunk = cand[c:c + (1 << 20)]
            i, j = chunk // n, chunk % n
            estimate = (sig[i] == sig[j]).mean(axis=1)
            kept.append(chunk[estimate >= 0.5])
        cand = np.concatenate(kept)
        for pair in cand.tolist():
            i, j = divmod(pair, n)
            if flagged[i] and flagged[j]:
                continue
            si, sj = sets[i], sets[j]
            small, large = sorted((len(si), len(sj)))
            if small < threshold * large:
                continue
            inter = len(si & sj)
            jac = inter / (len(si) + len(sj) - inter)
            if jac >= threshold:
                flagged[i] = flagged[j] = True
                if len(examples) < show:
                    examples.append((jac, texts[groups[distinct[i]][0]], texts[groups[distinct[j]][0]]))
    return len(keep), n, int(sizes[flagged].sum()), exact, examples


def sample(binary, seed, count, languages, kinds):
    args = [binary, "text-sample", "--collisions", "--seed", str(seed), "--count", str(count)]
    if languages:
        args += ["--languages", ",".join(languages)]
    if kinds:
        args += ["--kinds", ",".join(kinds)]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    by = collections.defaultdict(list)
    for r in csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE):
        by[(r["language"], r["kind"])].append(r["text"])
    return by


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=50000, help="texts per language and kind")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--languages", default="", help="comma-separated (default: every language of the model)")
    ap.add_argument("--kinds", default="", help="comma-separated (default: every kind)")
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--min-length", type=int, default=24)
    ap.add_argument("--target", type=float, default=0.005)
    ap.add_argument("--strict", default="headline,topic-post,everyday", help="kinds held to --target")
    ap.add_argument("--show", type=int, default=0, help="example near-duplicate pairs to print per group")
    ap.add_argument("--bin", default=None, help="ciblab binary (default: the release build, else the debug build)")
    args = ap.parse_args()
    binary = args.bin or next((p for p in (os.path.join(ROOT, ".build", c, "ciblab") for c in ("release", "debug"))
                               if os.path.exists(p)), None)
    if binary is None:
        sys.exit("collisions.py: no ciblab binary; build it (swift build -c release) or pass --bin")
    languages = [x for x in args.languages.split(",") if x]
    kinds = [x for x in args.kinds.split(",") if x]
    strict = set(args.strict.split(","))
    groups = sample(binary, args.seed, args.count, languages, kinds)
    print(f"near-duplicates (J >= {args.threshold}, 4-byte shingles, >= {args.min_length} normalised bytes) among "
          f"{args.count} independent texts per group, seed {args.seed}")
    print(f"{'language':8} {'kind':16} {'texts>=min':>10} {'distinct':>9} {'exact rep.':>10} {'near-dup':>9}")
    failed = []
    for (language, kind) in sorted(groups):
        texts = groups[(language, kind)]
        n, distinct, flagged, exact, examples = near_duplicates(texts, args.threshold, args.min_length, args.show)
        share = flagged / n if n else 0.0
        mark = ""
        if kind in strict and share > args.target:
            failed.append((language, kind, share))
            mark = "  > target"
        print(f"{language:8} {kind:16} {n:10d} {distinct:9d} {exact / max(n, 1):10.4f} {share:9.4f}{mark}", flush=True)
        for jac, x, y in examples:
            print(f"    J={jac:.2f}  {x}\n              {y}")
    if failed:
        print(f"{len(failed)} group(s) above {args.target}: " + ", ".join(f"{l}/{k} {s:.4f}" for l, k, s in failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
