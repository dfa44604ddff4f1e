#!/usr/bin/env python3
"""Independent oracle for ciblab's co-action networks: coordination-network-toolkit 1.5.2 semantics.

Usage:
  crosscheck-coaction.py oracle INPUT.csv KIND WINDOW MIN_WEIGHT OUT.csv [--oracle auto|toolkit|sql]
      Computes the KIND network (co_link, co_tweet, co_retweet, co_reply) of the toolkit-format CSV INPUT and writes
      the toolkit's edge list (output.output_gephi_csv format) to OUT. With --oracle toolkit (or auto, when the package
      is importable: `pip install coordination_network_toolkit==1.5.2`) the real toolkit computes it; with sql, this
      script replays the toolkit's own preprocessing and SQL queries (copied from preprocess.py and
      compute_networks.py) on sqlite3 from the standard library, so no third-party package is needed.
  crosscheck-coaction.py random OUT.csv SEED ROWS
      Writes a random toolkit-format CSV full of edge cases (ties at exactly the window, repeated messages, reposts,
      replies, duplicate message ids, empty and multiple URLs, mentions, case and whitespace variants).
  crosscheck-coaction.py synthetic OUT.csv SEED ROWS
      Writes a large toolkit-format CSV shaped like a real collection (heavy-tailed users, popular links and copied
      texts, a month of timestamps per million rows) for speed comparisons, e.g. 1,000,000 rows.
  crosscheck-coaction.py unicode OUT.csv
      Writes the fixed Unicode edge-case CSV of Tests/CIBDetectorsTests/CoActionUnicodeTests.swift: user, message,
      repost and reply ids and URLs in NFC and NFD, a space followed by a combining mark (U+0301, U+200D, U+FE0F)
      inside the urls column, and characters whose case differs between Python's Unicode tables and newer ones.
  crosscheck-coaction.py nfc IN.csv OUT.csv
      Writes IN with every field in Unicode NFC: what `ciblab coordination-network --normalize nfc` compares.
  crosscheck-coaction.py compare A.csv B.csv
      Exits 1 (printing the first differences) unless the two edge lists have the same rows.

The Swift tests (Tests/CIBDetectorsTests/CoActionToolkitCrossCheckTests.swift) call `random` and `oracle` and compare
with CoordinationToolkitCSV's output byte for byte.
"""
import csv
import os
import unicodedata
import random
import re
import sqlite3
import sys
import tempfile
import zlib

# The toolkit's message_preprocessor with the `regex` module's \s (Unicode White_Space) spelled out for `re`.
_WS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_MENTION = re.compile(r"@.*?(?=(?:[" + _WS + r"]|$))")


def message_preprocessor(text):
    return " ".join(_MENTION.sub("", text.lower()).split())


def _preprocess_sql(db, input_path):
    """preprocess.preprocess_csv_files + preprocess_data + database.initialise_db (the tables they use)."""
    db.executescript(
        """
        create table if not exists edge (
            message_id primary key, user_id not null, username text, repost_id, reply_id, message text,
            transformed_message text, transformed_message_length integer, transformed_message_hash blob,
            token_set text, timestamp integer);
        create table if not exists message_url(
            message_id references edge(message_id), url, timestamp, user_id, primary key (message_id, url));
        """
    )
    with open(input_path, "r", encoding="utf-8") as messages:
        reader = csv.reader(messages)
        next(reader)
        data = ((*row[:-1], row[-1].split(" ")) for row in reader)
        for message_id, user_id, username, repost_id, reply_id, message, timestamp, urls in data:
            row = (message_id, user_id, username, repost_id or None, reply_id or None, message,
                   None, None, None, None, float(timestamp), urls)
            db.execute("insert or ignore into edge values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row[:-1])
            if not row[3]:
                for url in row[-1]:
                    db.execute("insert or ignore into message_url values(?, ?, ?, ?)",
                               (message_id, url, row[-2], user_id))


_QUERIES = {
    "co_link": """
        select e_1.user_id as user_1, e_2.user_id as user_2, count(distinct e_1.message_id) as weight
        from message_url e_1 inner join message_url e_2
            on e_1.url = e_2.url and e_2.timestamp between e_1.timestamp - ?1 and e_1.timestamp + ?1
        group by e_1.user_id, e_2.user_id having weight >= ?2""",
    "co_tweet": """
        select e_1.user_id as user_1, e_2.user_id as user_2, count(distinct e_1.message_id) as weight
        from edge e_1 inner join edge e_2
            on (e_1.transformed_message_length, e_1.transformed_message_hash, e_1.transformed_message) =
               (e_2.transformed_message_length, e_2.transformed_message_hash, e_2.transformed_message)
            and e_2.timestamp between e_1.timestamp - ?1 and e_1.timestamp + ?1
            and e_1.repost_id is null and e_2.repost_id is null
        group by e_1.user_id, e_2.user_id having weight >= ?2""",
    "co_retweet": """
        select e_1.user_id as user_1, e_2.user_id as user_2, count(distinct e_1.message_id) as weight
        from edge e_1 inner join edge e_2
            on e_1.repost_id = e_2.repost_id
            and e_2.timestamp between e_1.timestamp - ?1 and e_1.timestamp + ?1
        group by e_1.user_id, e_2.user_id having weight >= ?2""",
    "co_reply": """
        select e_1.user_id as user_1, e_2.user_id as user_2, count(distinct e_1.message_id) as weight
        from edge e_1 inner join edge e_2
            on e_1.reply_id = e_2.reply_id
            and e_2.timestamp between e_1.timestamp - ?1 and e_1.timestamp + ?1
            and e_1.repost_id is null and e_2.repost_id is null
        group by e_1.user_id, e_2.user_id having weight >= ?2""",
}


def _write_edges(rows, out_path, kind):
    """output.output_gephi_csv without self loops."""
    with open(out_path, "w") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL)
        writer.writerow(["source", "target", "weight", "edge_type"])
        for row in rows:
            writer.writerow(row)


def oracle_sql(input_path, kind, window, min_weight, out_path):
    db = sqlite3.connect(":memory:")
    _preprocess_sql(db, input_path)
    if kind == "co_tweet":
        db.create_function("preprocessor", 1, message_preprocessor)
        db.create_function("message_hash", 1, lambda x: zlib.adler32(x.encode("utf8")))
        db.execute("""update edge set transformed_message = preprocessor(message),
                      transformed_message_length = length(preprocessor(message)),
                      transformed_message_hash = message_hash(preprocessor(message)) where repost_id is null""")
    table = kind + "_network"
    db.execute(f"create table {table} (user_1, user_2, weight, primary key (user_1, user_2)) without rowid")
    db.execute(f"insert into {table} {_QUERIES[kind]}", (window, min_weight))
    rows = db.execute(f"select *, '{kind}' from {table} where user_1 != user_2")
    _write_edges(rows, out_path, kind)


def oracle_toolkit(input_path, kind, window, min_weight, out_path):
    import contextlib
    import io
    from coordination_network_toolkit import compute_networks as cn
    from coordination_network_toolkit.output import output_gephi_csv
    from coordination_network_toolkit.preprocess import preprocess_csv_files

    compute = {"co_link": cn.compute_co_link_network, "co_tweet": cn.compute_co_tweet_network,
               "co_retweet": cn.compute_co_retweet_parallel, "co_reply": cn.compute_co_reply_network}[kind]
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "toolkit.db")
        with contextlib.redirect_stdout(io.StringIO()):
            preprocess_csv_files(db, [input_path])
            compute(db, window, min_edge_weight=min_weight, n_threads=1)
        output_gephi_csv(db, kind, out_path)


def toolkit_available():
    try:
        import coordination_network_toolkit  # noqa: F401
        import twarc  # noqa: F401  (preprocess.py imports it)
        return True
    except ImportError:
        return False


def random_csv(out_path, seed, rows):
    rng = random.Random(seed)
    users = [f"u{i}" for i in range(rng.randint(3, 9))] + ["jos\u00e9", "jose\u0301"]
    texts = ["Hello world", "hello   WORLD", "hello world @someone", "@x hello world", "Breaking: news",
             "breaking: NEWS ", "ΟΔΟΣ", "οδος", "Straße", "a@b.c", "", "  ", "@only",
             'say "hi", ok', 'SAY "hi",  ok', "two\nlines", "two lines\r\n", "caf\u00e9", "CAFE\u0301"]
    urls = ["http://a.example/1", "http://b.example/2", "HTTP://A.example/1", "http://c.example/3",
            "http://x.example/caf\u00e9", "http://x.example/cafe\u0301", "\u0301http://b.example/2",
            "\u200dhttp://a.example/1", "\ufe0f"]
    times = [0, 5, 10, 15, 20, 30, 60, 61, 100]
    ids = []
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"])
        for i in range(rows):
            mid = str(rng.choice(ids)) if ids and rng.random() < 0.05 else str(i)
            if rng.random() < 0.05:
                mid = rng.choice(["m\u00e9", "me\u0301"])
            ids.append(i)
            user = rng.choice(users)
            repost = rng.choice(["0", "1", "2", "3", "\u00e9", "e\u0301"]) if rng.random() < 0.25 else ""
            reply = rng.choice(["0", "1", "2", "3", "\u00e9", "e\u0301"]) if rng.random() < 0.3 else ""
            text = rng.choice(texts)
            t = rng.choice(times) + (rng.choice([0, 0, 0, 0.5]) if rng.random() < 0.1 else 0)
            k = rng.choice([0, 0, 1, 1, 2])
            u = " ".join(rng.choice(urls) for _ in range(k))
            if rng.random() < 0.05:
                u = u + " "
            w.writerow([mid, user, user.upper(), repost, reply, text, str(t), u])


HEADER = ["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"]

# (message_id, user_id, repost_id, reply_id, message, timestamp, urls): groups 10 s apart, for a window of 5 s.
UNICODE_ROWS = [
    # User ids in NFC and NFD are different users (two edges each way with ann, and between them).
    ("1", "jos\u00e9", "", "", "a", "0", "http://x.org/a"),
    ("2", "jose\u0301", "", "", "b", "1", "http://x.org/a"),
    ("3", "ann", "", "", "c", "2", "http://x.org/a"),
    # URLs in NFC and NFD are different links.
    ("4", "ann", "", "", "d", "10", "http://x.org/caf\u00e9"),
    ("5", "bob", "", "", "e", "11", "http://x.org/cafe\u0301"),
    # A space followed by a combining mark, a zero-width joiner or VS16 splits the urls column (str.split(" ")).
    ("6", "carl", "", "", "f", "20", "http://a.org \u0301http://b.org"),
    ("7", "dana", "", "", "g", "21", "http://a.org"),
    ("8", "eve", "", "", "h", "22", "\u0301http://b.org"),
    ("9", "fay", "", "", "i", "30", "http://c.org \u200d"),
    ("10", "gil", "", "", "j", "31", "\u200d http://d.org \ufe0f"),
    ("11", "hal", "", "", "k", "32", "http://c.org"),
    ("12", "ivy", "", "", "l", "33", "\ufe0f"),
    # Message ids in NFC and NFD are different messages: the second row is not a duplicate.
    ("m\u00e9", "jay", "", "", "hello there", "40", "http://x.org/m"),
    ("me\u0301", "kim", "", "", "Hello  there", "41", "http://x.org/m"),
    ("m\u00e9", "lee", "", "", "hello there", "42", "http://x.org/m"),
    # Repost and reply ids in NFC and NFD are different targets.
    ("20", "mia", "r\u00e9", "", "x", "50", ""),
    ("21", "ned", "re\u0301", "", "x", "51", ""),
    ("22", "oli", "r\u00e9", "", "x", "52", ""),
    ("23", "pam", "", "q\u00e9", "y1", "60", ""),
    ("24", "quinn", "", "qe\u0301", "y2", "61", ""),
    ("25", "rae", "", "q\u00e9", "y3", "62", ""),
    # Texts in NFC and NFD are different texts.
    ("26", "sam", "", "", "Caf\u00e9 time", "70", ""),
    ("27", "tia", "", "", "cafe\u0301 TIME", "71", ""),
    ("28", "uma", "", "", "CAF\u00c9 time", "72", ""),
    # Capital letters new in Unicode 16 (U+A7CB, U+A7DC, U+1C89, Garay U+10D50) are not lowercased by Python 3.11.
    ("30", "p1", "", "", "\ua7cbx", "80", ""),
    ("31", "p2", "", "", "\u0264x", "81", ""),
    ("32", "p3", "", "", "\ua7dcx", "82", ""),
    ("33", "p4", "", "", "\u019bx", "83", ""),
    ("34", "p5", "", "", "\u1c89z", "90", ""),
    ("35", "p6", "", "", "\u1c8az", "91", ""),
    ("36", "p7", "", "", "\U00010d50y", "92", ""),
    ("37", "p8", "", "", "\U00010d70y", "93", ""),
    # Final sigma reads Python's cased / case-ignorable properties: U+0295 is cased in Unicode 14 (not in 16), and
    # U+0897 (new in 16) is not yet case-ignorable.
    ("40", "q1", "", "", "\u0295\u03a3", "100", ""),
    ("41", "q2", "", "", "\u0295\u03c2", "101", ""),
    ("42", "q3", "", "", "\u0295\u03c3", "102", ""),
    ("43", "s1", "", "", "A\u03a3\u0897b", "110", ""),
    ("44", "s2", "", "", "a\u03c2\u0897b", "111", ""),
    ("45", "s3", "", "", "a\u03c3\u0897b", "112", ""),
]


def unicode_csv(out_path):
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        for i, (mid, user, repost, reply, text, t, urls) in enumerate(UNICODE_ROWS):
            # Rows about something else get a URL of their own, so that co_link shows only the cases above.
            w.writerow([mid, user, user, repost, reply, text, t, urls or f"n{i}"])


def nfc_csv(in_path, out_path):
    with open(in_path, newline="", encoding="utf-8") as fi, open(out_path, "w", newline="", encoding="utf-8") as fo:
        w = csv.writer(fo, lineterminator="\n")
        for row in csv.reader(fi):
            w.writerow([unicodedata.normalize("NFC", x) for x in row])


def synthetic_csv(out_path, seed, rows):
    rng = random.Random(seed)
    n_users, n_urls, n_texts = max(10, rows // 10), max(10, rows // 5), max(10, rows // 3)
    # A month per million messages: users, links, texts and time all grow with the rows, so the density of co-actions
    # in a window (and the edges per message) stays that of the 1M file, and larger files measure scaling, not density.
    month = 30 * 86400 * max(1, rows // 1000000)
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["message_id", "user_id", "username", "repost_id", "reply_id", "message", "timestamp", "urls"])
        for i in range(rows):
            user = int(n_users * rng.random() ** 3)  # heavy-tailed activity
            t = rng.randrange(month)
            kind = rng.random()
            repost = str(rng.randrange(rows)) if kind < 0.3 else ""
            reply = str(rng.randrange(rows // 20)) if 0.3 <= kind < 0.4 else ""
            text = f"message number {int(n_texts * rng.random() ** 4)} about things"
            if rng.random() < 0.1:
                text = text.upper()
            urls = " ".join(f"https://site{int(n_urls * rng.random() ** 2)}.example/a"
                            for _ in range(rng.choice([0, 1, 1, 2])))
            w.writerow([i, f"user{user}", f"name{user}", repost, reply, text, t, urls])


def compare(a, b):
    with open(a, newline="", encoding="utf-8") as fa, open(b, newline="", encoding="utf-8") as fb:
        ra, rb = list(csv.reader(fa)), list(csv.reader(fb))
    if ra == rb:
        return 0
    sa, sb = set(map(tuple, ra)), set(map(tuple, rb))
    print("only in", a, sorted(sa - sb)[:10])
    print("only in", b, sorted(sb - sa)[:10])
    if sa == sb:
        print("same rows in a different order")
    return 1


def main(argv):
    if len(argv) >= 7 and argv[1] == "oracle":
        _, _, inp, kind, window, min_weight, out, *rest = argv
        which = rest[1] if len(rest) >= 2 and rest[0] == "--oracle" else "auto"
        if which == "auto":
            which = "toolkit" if toolkit_available() else "sql"
        window = float(window) if "." in window else int(window)
        (oracle_toolkit if which == "toolkit" else oracle_sql)(inp, kind, window, int(min_weight), out)
        print(which)
        return 0
    if len(argv) == 5 and argv[1] == "random":
        random_csv(argv[2], int(argv[3]), int(argv[4]))
        return 0
    if len(argv) == 5 and argv[1] == "synthetic":
        synthetic_csv(argv[2], int(argv[3]), int(argv[4]))
        return 0
    if len(argv) == 3 and argv[1] == "unicode":
        unicode_csv(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "nfc":
        nfc_csv(argv[2], argv[3])
        return 0
    if len(argv) == 4 and argv[1] == "compare":
        return compare(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
