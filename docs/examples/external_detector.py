#!/usr/bin/env python3
"""A minimal external detector for ciblab (Python 3 standard library only).

Usage (ciblab substitutes the placeholders):

    ciblab detect DATASET --external 'python3 docs/examples/external_detector.py {dataset} {out}'

It reads the dataset directory's entities.csv (column `entity`) and events.csv (columns `actor` and `time`, UTC
seconds), finds each column by its header name, and scores every entity by the fraction of its events that fall in
office hours in Beijing time (UTC+8): 09:00-22:00 local, Monday to Friday. This is a crude cousin of the built-in
shift-pattern detector (Meta, Adversarial Threat Report Q2 2023: Spamouflage clusters posted in office shifts,
Beijing time). An entity is flagged when it has at least MIN_EVENTS events and at least FLAG_FRACTION of them fall
in those hours. It writes the scores file format of docs/detectors.md: `entity,score,flag` with one row per entity.
"""

import csv
import os
import sys

OFFSET_SECONDS = 8 * 3600  # UTC+8
START_HOUR, END_HOUR = 9, 22  # local office day [09:00, 22:00)
MIN_EVENTS = 5
FLAG_FRACTION = 0.9


def column(header, name, path):
    try:
        return header.index(name)
    except ValueError:
        sys.exit(f"{path}: missing column '{name}' in header {','.join(header)}")


def main(argv):
    if len(argv) != 3:
        sys.exit("usage: external_detector.py DATASET_DIR OUT_CSV")
    dataset, out = argv[1], argv[2]

    entities_path = os.path.join(dataset, "entities.csv")
    with open(entities_path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        entity_col = column(header, "entity", entities_path)
        entities = [int(row[entity_col]) for row in rows if row]

    index = {entity: i for i, entity in enumerate(entities)}
    total = [0] * len(entities)
    office = [0] * len(entities)

    events_path = os.path.join(dataset, "events.csv")
    with open(events_path, newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        actor_col = column(header, "actor", events_path)
        time_col = column(header, "time", events_path)
        for row in rows:
            if not row:
                continue
            i = index.get(int(row[actor_col]))
            if i is None:
                sys.exit(f"{events_path}: unknown actor {row[actor_col]}")
            local = int(row[time_col]) + OFFSET_SECONDS
            days = local // 86400
            weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
            hour = (local % 86400) // 3600
            total[i] += 1
            if weekday < 5 and START_HOUR <= hour < END_HOUR:
                office[i] += 1

    temporary = out + ".tmp"
    with open(temporary, "w", newline="", encoding="utf-8") as f:
        f.write("entity,score,flag\n")
        for i, entity in enumerate(entities):
            score = office[i] / total[i] if total[i] else 0.0
            flag = 1 if total[i] >= MIN_EVENTS and score >= FLAG_FRACTION else 0
            f.write(f"{entity},{score:.6f},{flag}\n")
    os.replace(temporary, out)


if __name__ == "__main__":
    main(sys.argv)
