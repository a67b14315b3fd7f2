#!/usr/bin/env python3
"""flashtext with the same gazetteer over the same JSON Lines corpus (a comparison point).

usage: flashtext_floor.py GAZETTEER.tsv CORPUS.jsonl
"""
import json
import sys

from flashtext import KeywordProcessor


def main(gaz, corpus):
    kp = KeywordProcessor(case_sensitive=False)
    with open(gaz, encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f if l.strip() and not l.startswith("#")]
    for row in rows[1:]:  # header
        kp.add_keyword(row[0], row[2] if len(row) > 2 else row[0])
    docs = matches = 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            matches += len(kp.extract_keywords(json.loads(line)["text"]))
            docs += 1
    print(f"{docs} documents, {matches} matches, {len(rows) - 1} keywords")


if __name__ == "__main__":
    main(*sys.argv[1:3])
