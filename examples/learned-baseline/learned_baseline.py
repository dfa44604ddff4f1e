#!/usr/bin/env python3
"""A learned baseline for ciblab's benchmark suites: gradient-boosted trees on per-entity features.

Usage (ciblab substitutes the placeholders; see docs/suite.md):

    ciblab suite evaluate SUITE DIR \\
        --external 'learned=python3 examples/learned-baseline/learned_baseline.py --train {train} --dataset {dataset} --out {out} --work {work}'

It reads only the public files of the folders it is given:
- every training world under --train (DIR/train/NAME/: the dataset and its truth/entities.csv, the labels);
- the test world's dataset (--dataset: entities.csv, events.csv, follows.csv, logins.csv, manifest.json);
and writes the scores file (--out: entity,score,flag). The model trained on the training worlds is kept in --work
(a folder ciblab keeps across the test worlds of one evaluation), so it is trained once per evaluation.

Features per entity (all computed from one world's public files), in named groups that --without drops:
- identity: the entity id, its platform_id and their ranks within the platform, the creation time and everything
  derived from it (age at the start of the window, UTC hour of creation, rank of creation within the platform, the
  size of its registration burst: entities of its platform created within the same hour), and name statistics
  (length, digits, capitals, non-ASCII, tokens, how many entities share the name). --no-identity drops this group.
- profile: kind, platform, country (categorical);
- activity: events per action (post, reply, repost, like) and their shares, distinct targets, target authors,
  contexts, texts and links, self-engagement, engagement received (replies, reposts and likes of its events) and
  distinct engagers;
- language: share of events per language, number of languages;
- timing: UTC hour-of-day histogram, weekday share, first active day, activity span, gaps between consecutive events;
- follows: follows out and in, followers' country mix and their own out-degree;
- logins: logins, distinct IPs and devices;
- sharing: how shared its texts, links, IPs and devices are (per entity, max and mean over its values of the number
  of other entities with that value): the only group that looks at other entities.

Labels: an entity is positive when truth/entities.csv gives it class `campaign` and campaign 0 (ciblab's default
`this-campaign`). All positives and at most 120,000 negatives of each training world are used. The model (LightGBM
gradient-boosted trees, seeded and deterministic, so scores are repeatable) is fitted on every training world but the
last, whose predictions set the flag threshold (the one that maximises F1 there); with one training world, on it,
with threshold 0.5. Requirements: requirements.txt beside this file (not a dependency of ciblab).
"""

import argparse
import hashlib
import json
import os
import sys
import time

import lightgbm
import numpy as np
import pandas as pd

VERSION = "2"
GROUPS = ["identity", "profile", "activity", "language", "timing", "follows", "logins", "sharing"]
CATEGORICAL = ["kind", "platform", "country"]
ACTIONS = ["post", "reply", "repost", "like"]
LANGUAGES = ["en", "zh", "ja", "es", "de", "pt", "hi", "ko", "ru", "fr", "vi"]
NEGATIVES_PER_WORLD = 120_000
SEED = 20230829


def log(message):
    print(f"learned-baseline: {message}", file=sys.stderr, flush=True)


def read_csv(path, **kwargs):
    """A CSV table of the dataset; empty fields (no target, no text, ...) become NaN."""
    return pd.read_csv(path, **kwargs)


def log1p(x):
    return np.log1p(np.asarray(x, dtype=np.float64))


def group_max_mean(keys, values, n):
    """Per entity (keys in 0..n-1): max and mean of values; 0 where an entity has none."""
    counts = np.bincount(keys, minlength=n)
    mean = np.bincount(keys, weights=values, minlength=n) / np.maximum(counts, 1)
    mx = np.zeros(n)
    if len(keys):
        order = np.argsort(keys, kind="stable")
        k = keys[order]
        starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
        mx[k[starts]] = np.maximum.reduceat(values[order], starts)
    return mx, mean


def unique_pairs(keys, values):
    """The distinct (key, value) pairs of two non-negative integer arrays, as two arrays."""
    width = np.int64(values.max()) + 1 if len(values) else 1
    # Sorting and dropping repeats: numpy 2's hash-based np.unique is many times slower on arrays of millions.
    combined = np.sort(keys.astype(np.int64) * width + values.astype(np.int64))
    combined = combined[np.r_[True, combined[1:] != combined[:-1]]] if len(combined) else combined
    return combined // width, combined % width


def distinct_count(keys, values, n):
    """Per entity: the number of distinct non-missing values."""
    values = np.asarray(values, dtype=np.float64)
    present = ~np.isnan(values)
    k, _ = unique_pairs(keys[present], values[present].astype(np.int64))
    return np.bincount(k, minlength=n).astype(np.float64)


def sharing(keys, values, n):
    """How shared each entity's values are: per entity, max and mean over its distinct values of log(1 + the number
    of other entities with that value)."""
    k, v = unique_pairs(keys, values)
    users = np.bincount(v)[v]
    return group_max_mean(k, log1p(users - 1), n)


def shares(actor, codes, width, n, total):
    """Per entity: the share of its events in each code 0..width-1 (codes < 0 are counted in none)."""
    ok = codes >= 0
    counts = np.bincount(actor[ok] * width + codes[ok], minlength=n * width).reshape(n, width)
    return counts / np.maximum(total, 1)[:, None], counts


class Columns(dict):
    """Feature columns by name, each recorded in the group current when it is set (`columns.group = ...`)."""

    def __init__(self):
        super().__init__()
        self.group = None
        self.groups = {}

    def __setitem__(self, name, values):
        assert self.group in GROUPS, self.group
        self.groups[name] = self.group
        super().__setitem__(name, values)


def features(dataset, groups):
    """A DataFrame of per-entity features (row = entity id) of the given groups (see the module's docstring)."""
    started = time.time()
    with open(os.path.join(dataset, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    start = manifest["start"]
    # Names and codes are text: "NA" is a country (Namibia) and "null" a possible handle, not missing values.
    entities = read_csv(os.path.join(dataset, "entities.csv"), keep_default_na=False,
                        dtype={"platform": str, "kind": str, "country": str, "name": str})
    n = len(entities)
    if not np.array_equal(entities["entity"].to_numpy(), np.arange(n)):
        sys.exit(f"{dataset}/entities.csv: entity ids must be 0..{n - 1} in order")
    X = Columns()
    X.group = "profile"
    X["kind"] = entities["kind"].to_numpy()
    X["platform"] = entities["platform"].to_numpy()
    X["country"] = entities["country"].to_numpy()
    platform_codes = pd.factorize(entities["platform"])[0]
    country_codes = pd.factorize(entities["country"])[0]
    created = entities["created_at"].to_numpy(dtype=np.int64)
    X.group = "identity"
    X["age_days"] = (start - created) / 86400.0
    X["created_hour_utc"] = (created % 86400) // 3600
    # Registration bursts: entities of the same platform created in the same UTC hour.
    slot = pd.factorize(platform_codes.astype(np.int64) * (1 << 40) + created // 3600)[0]
    X["registration_burst"] = log1p(np.bincount(slot)[slot])

    events = read_csv(os.path.join(dataset, "events.csv"),
                      usecols=["time", "actor", "action", "target", "context", "text", "url", "language"],
                      dtype={"action": "category", "language": "category", "target": "float64",
                             "context": "float64", "text": "float64", "url": "float64"})
    actor = events["actor"].to_numpy(dtype=np.int64)
    t = events["time"].to_numpy(dtype=np.int64)
    total = np.bincount(actor, minlength=n).astype(np.float64)
    X.group = "activity"
    X["events"] = log1p(total)
    action_codes = events["action"].cat.set_categories(ACTIONS).cat.codes.to_numpy().astype(np.int64)
    share, counts = shares(actor, action_codes, len(ACTIONS), n, total)
    for i, a in enumerate(ACTIONS):
        X[f"{a}s"] = log1p(counts[:, i])
        X[f"{a}_share"] = share[:, i]
    language_codes = events["language"].cat.set_categories(LANGUAGES).cat.codes.to_numpy().astype(np.int64)
    share, _ = shares(actor, language_codes, len(LANGUAGES), n, total)
    X.group = "language"
    for i, lang in enumerate(LANGUAGES):
        X[f"language_{lang}_share"] = share[:, i]
    all_languages = events["language"].cat.codes.to_numpy().astype(np.float64)
    all_languages[all_languages < 0] = np.nan
    X["languages"] = distinct_count(actor, all_languages, n)
    X.group = "activity"
    target = events["target"].to_numpy()
    has_target = ~np.isnan(target)
    engager = actor[has_target]
    target_actor = actor[target[has_target].astype(np.int64)]
    X["distinct_targets"] = log1p(distinct_count(engager, target[has_target], n))
    X["distinct_target_authors"] = log1p(distinct_count(engager, target_actor, n))
    X["self_engagement_share"] = np.bincount(engager[target_actor == engager], minlength=n) / np.maximum(total, 1)
    X["engagement_received"] = log1p(np.bincount(target_actor, minlength=n))
    X["distinct_engagers"] = log1p(distinct_count(target_actor, engager, n))
    context = events["context"].to_numpy()
    X["contexts"] = log1p(distinct_count(actor, context, n))
    X["in_context_share"] = np.bincount(actor[~np.isnan(context)], minlength=n) / np.maximum(total, 1)
    for column in ["text", "url"]:
        values = events[column].to_numpy()
        has = ~np.isnan(values)
        X.group = "activity"
        X[f"{column}s"] = log1p(distinct_count(actor, values, n))
        # How many distinct entities used each text or link: coordination leaves shared ones.
        X.group = "sharing"
        X[f"{column}_sharing_max"], X[f"{column}_sharing_mean"] = sharing(actor[has], values[has].astype(np.int64), n)
    # Timing: UTC hour-of-day histogram, weekday share, span and gaps between consecutive events.
    X.group = "timing"
    share, _ = shares(actor, (t % 86400) // 3600, 24, n, total)
    for h in range(24):
        X[f"hour_{h:02d}"] = share[:, h]
    weekday = ((t // 86400) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    X["weekday_share"] = np.bincount(actor[weekday < 5], minlength=n) / np.maximum(total, 1)
    order = np.argsort(actor, kind="stable")  # events are sorted by time, so each actor's stay in time order
    a_sorted, t_sorted = actor[order], t[order]
    first = np.full(n, np.nan)
    last = np.full(n, np.nan)
    if len(a_sorted):
        boundaries = np.r_[True, a_sorted[1:] != a_sorted[:-1]]
        starts = np.flatnonzero(boundaries)
        ends = np.r_[starts[1:] - 1, len(a_sorted) - 1]
        first[a_sorted[starts]] = t_sorted[starts]
        last[a_sorted[ends]] = t_sorted[ends]
        same = ~boundaries[1:]
    else:
        same = np.zeros(0, dtype=bool)
    X["first_event_day"] = np.nan_to_num((first - start) / 86400.0, nan=-1)
    X["active_span_days"] = np.nan_to_num((last - first) / 86400.0, nan=-1)
    gaps = np.diff(t_sorted).astype(np.float64)
    X["gap_log_max"], X["gap_log_mean"] = group_max_mean(a_sorted[1:][same], log1p(gaps[same]), n)
    X["gap_under_minute_share"] = np.bincount(a_sorted[1:][same & (gaps < 60)], minlength=n) / np.maximum(total, 1)
    del events

    follows = read_csv(os.path.join(dataset, "follows.csv"), usecols=["follower", "followee"])
    follower = follows["follower"].to_numpy(dtype=np.int64)
    followee = follows["followee"].to_numpy(dtype=np.int64)
    del follows
    X.group = "follows"
    out_degree = np.bincount(follower, minlength=n)
    in_degree = np.bincount(followee, minlength=n)
    X["follows_out"] = log1p(out_degree)
    X["follows_in"] = log1p(in_degree)
    same_country = country_codes[follower] == country_codes[followee]
    X["followers_same_country_share"] = np.bincount(followee[same_country], minlength=n) / np.maximum(in_degree, 1)
    _, X["followers_out_degree_log_mean"] = group_max_mean(followee, log1p(out_degree[follower]), n)
    width = int(country_codes.max()) + 1 if n else 1
    pair_counts = np.bincount(followee * width + country_codes[follower])
    top = np.zeros(n)
    nonzero = np.flatnonzero(pair_counts)
    np.maximum.at(top, nonzero // width, pair_counts[nonzero])
    X["followers_top_country_share"] = top / np.maximum(in_degree, 1)

    logins = read_csv(os.path.join(dataset, "logins.csv"), usecols=["entity", "ip", "device"], dtype={"ip": str})
    who = logins["entity"].to_numpy(dtype=np.int64)
    X.group = "logins"
    X["logins"] = log1p(np.bincount(who, minlength=n))
    for column, values in [("ip", pd.factorize(logins["ip"])[0]), ("device", pd.factorize(logins["device"])[0])]:
        k, _ = unique_pairs(who, values)
        X.group = "logins"
        X[f"distinct_{column}s"] = log1p(np.bincount(k, minlength=n))
        X.group = "sharing"
        X[f"{column}_shared_degree_max"], X[f"{column}_shared_degree_mean"] = sharing(who, values, n)
    del logins

    if "identity" in groups:
        X.group = "identity"
        X["entity_id"] = np.arange(n) / max(n, 1)
        platform_id = entities["platform_id"].to_numpy(dtype=np.float64)
        X["platform_id_log"] = log1p(platform_id)
        by_platform = entities.groupby("platform")
        X["platform_id_rank"] = by_platform["platform_id"].rank(pct=True).to_numpy()
        X["created_rank"] = by_platform["created_at"].rank(pct=True, method="first").to_numpy()
        X["entity_id_rank"] = by_platform["entity"].rank(pct=True).to_numpy()
        names = entities["name"]
        lengths = names.str.len().to_numpy()
        X["name_length"] = lengths
        X["name_digits"] = names.str.count(r"[0-9]").to_numpy()
        X["name_upper"] = names.str.count(r"[A-Z]").to_numpy()
        X["name_tokens"] = names.str.count(r"[ _.\-]+").to_numpy() + 1
        X["name_non_ascii"] = names.str.encode("utf-8").str.len().to_numpy() - lengths
        codes = pd.factorize(names)[0]
        X["name_shared"] = log1p(np.bincount(codes)[codes] - 1)

    frame = pd.DataFrame({name: values for name, values in X.items() if X.groups[name] in groups})
    log(f"features of {dataset}: {n} entities x {frame.shape[1]} columns in {time.time() - started:.1f} s")
    return frame


def labels(world):
    """1 for the assets of campaign 0 (class `campaign`; the follower farms it bought are not its assets)."""
    truth = read_csv(os.path.join(world, "truth", "entities.csv"), usecols=["entity", "class", "campaign"],
                     keep_default_na=False, dtype={"class": str})
    truth = truth.sort_values("entity")
    return ((truth["class"].to_numpy() == "campaign") & (truth["campaign"].to_numpy() == 0)).astype(np.int8)


def encode(frame, vocabulary):
    """Categorical columns as integer codes of the training vocabulary (unknown values are missing)."""
    out = frame.copy()
    for column, mapping in vocabulary.items():
        out[column] = out[column].map(mapping).astype("float64")
    return out


def fit(frames, ys, vocabulary, threads):
    """LightGBM gradient-boosted trees, seeded and deterministic (the same bytes in, the same scores out)."""
    X = pd.concat([encode(f, vocabulary) for f in frames], ignore_index=True)
    y = np.concatenate(ys)
    parameters = {
        "objective": "binary", "learning_rate": 0.1, "num_leaves": 31, "min_data_in_leaf": 40, "lambda_l2": 1.0,
        "seed": SEED, "deterministic": True, "force_col_wise": True, "num_threads": threads, "verbose": -1}
    data = lightgbm.Dataset(X, label=y, categorical_feature=list(vocabulary), free_raw_data=True)
    return lightgbm.train(parameters, data, num_boost_round=200), list(X.columns)


def sample(frame, y, rng):
    """Every positive and at most NEGATIVES_PER_WORLD negatives of one world."""
    positives = np.flatnonzero(y == 1)
    negatives = np.flatnonzero(y == 0)
    if len(negatives) > NEGATIVES_PER_WORLD:
        negatives = np.sort(rng.choice(negatives, NEGATIVES_PER_WORLD, replace=False))
    keep = np.sort(np.concatenate([positives, negatives]))
    return frame.iloc[keep].reset_index(drop=True), y[keep]


def best_f1_threshold(y, scores):
    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], y[order]
    tp = np.cumsum(t)
    k = np.arange(1, len(t) + 1)
    positives = max(int(t.sum()), 1)
    f1 = 2 * tp / (k + positives)
    # Only cut between distinct scores.
    distinct = np.r_[s[1:] != s[:-1], True]
    f1 = np.where(distinct, f1, -1)
    i = int(np.argmax(f1))
    return float(s[i]), float(f1[i])


def train(train_root, groups, work, threads):
    worlds = sorted(os.path.join(train_root, d) for d in os.listdir(train_root)
                    if os.path.isfile(os.path.join(train_root, d, "manifest.json")))
    if not worlds:
        sys.exit(f"{train_root}: no training world (expected NAME/manifest.json folders)")
    key = hashlib.sha256()
    key.update(f"{VERSION} groups={','.join(groups)} negatives={NEGATIVES_PER_WORLD}".encode())
    for w in worlds:
        with open(os.path.join(w, "manifest.json"), "rb") as f:
            key.update(f.read())
    cache = os.path.join(work, f"model-{key.hexdigest()[:16]}.json") if work else None
    if cache and os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            log(f"using the model trained earlier in this evaluation ({cache})")
            bundle = json.load(f)
        bundle["model"] = lightgbm.Booster(model_str=bundle["model"])
        return bundle
    started = time.time()
    rng = np.random.default_rng(SEED)
    frames, ys = [], []
    for w in worlds:
        if not os.path.isfile(os.path.join(w, "truth", "entities.csv")):
            sys.exit(f"{w}: a training world needs truth/entities.csv")
        frame = features(w, groups)
        y = labels(w)
        if len(y) != len(frame):
            sys.exit(f"{w}: truth/entities.csv has {len(y)} rows, entities.csv {len(frame)}")
        frame, y = sample(frame, y, rng)
        frames.append(frame)
        ys.append(y)
    vocabulary = {}
    for column in CATEGORICAL:
        if column in frames[0]:
            values = sorted(set().union(*(set(f[column].unique()) for f in frames)))
            vocabulary[column] = {v: i for i, v in enumerate(values)}
    # With several training worlds, the model is fitted on all but the last and the flag threshold is the one that
    # maximises F1 on the last (a world the model did not see); with one world, on that world (threshold 0.5).
    fitted = frames[:-1] if len(worlds) > 1 else frames
    model, columns = fit(fitted, ys[:-1] if len(worlds) > 1 else ys, vocabulary, threads)
    threshold = 0.5
    if len(worlds) > 1:
        held = model.predict(encode(frames[-1], vocabulary)[columns], num_threads=threads)
        threshold, f1 = best_f1_threshold(ys[-1], held)
        log(f"threshold {threshold:.4g} (F1 {f1:.3f} on {os.path.basename(worlds[-1])}, a training world the model was not fitted on)")
    log(f"trained on {len(fitted)} world(s), {sum(len(f) for f in fitted)} entities in {time.time() - started:.1f} s")
    bundle = {"columns": columns, "vocabulary": vocabulary, "threshold": threshold, "groups": groups}
    if cache:
        os.makedirs(work, exist_ok=True)
        temporary = cache + ".tmp"
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump({**bundle, "model": model.model_to_string()}, f)
        os.replace(temporary, cache)
    bundle["model"] = model
    return bundle


def feature_groups(without, no_identity):
    """The groups to use: all but those named by --without (comma-separated) and --no-identity."""
    dropped = {g.strip() for g in (without or "").split(",") if g.strip()}
    unknown = sorted(dropped - set(GROUPS))
    if unknown:
        sys.exit(f"--without: unknown feature group {', '.join(unknown)}; expected some of: {', '.join(GROUPS)}")
    if no_identity:
        dropped.add("identity")
    groups = [g for g in GROUPS if g not in dropped]
    if not groups:
        sys.exit("--without: every feature group dropped")
    return groups


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", required=True, help="the suite's train folder (DIR/train)")
    parser.add_argument("--dataset", required=True, help="the test world's dataset folder")
    parser.add_argument("--out", required=True, help="the scores file to write")
    parser.add_argument("--work", help="a scratch folder kept across test worlds (the trained model is cached there)")
    parser.add_argument("--no-identity", action="store_true",
                        help="drop the id-like features: entity id, platform_id, creation time, names "
                             "(the same as --without identity)")
    parser.add_argument("--without", metavar="GROUP,...",
                        help=f"drop feature groups, comma-separated, of: {', '.join(GROUPS)}")
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for the trees (default 1: on a shared machine, OpenMP threads waiting for a "
                             "busy core are many times slower than one thread)")
    args = parser.parse_args()
    groups = feature_groups(args.without, args.no_identity)
    bundle = train(args.train, groups, args.work, args.threads)
    X = encode(features(args.dataset, groups), bundle["vocabulary"])[bundle["columns"]]
    scores = bundle["model"].predict(X, num_threads=args.threads)
    flags = scores >= bundle["threshold"]
    temporary = args.out + ".tmp"
    with open(temporary, "w", encoding="utf-8") as f:
        f.write("entity,score,flag\n")
        f.writelines(f"{i},{s:.9g},{int(g)}\n" for i, (s, g) in enumerate(zip(scores, flags)))
    os.replace(temporary, args.out)
    log(f"scored {len(scores)} entities of {args.dataset}, {int(flags.sum())} flagged")


if __name__ == "__main__":
    main()
