#!/usr/bin/env python3
"""Expands the hand-curated organization and people lists into gazetteer TSVs.

  data/scripts/organizations_curated.tsv -> data/gazetteer/organizations.tsv
  data/scripts/people_curated.tsv        -> data/gazetteer/people.tsv

Each curated line is one entity (canonical name, `|`-separated aliases, attributes); this script
writes one row per surface with the entity's id (`kind:` + slug of the name), computes flags,
drops duplicate surfaces and validates the result (see gazlib.check_rows).

Flags: an alias may carry `@case`, `@cap` or `@-` (none). Otherwise, for organizations: acronyms
of <= 4 capitals and single words that are common English/French words (wordfreq top 30k) get
`case`; multi-word names made only of common words get `cap` unless they start with a lower-case
letter (French `ministère de ...`). People's full names get no flag; a one-word alias must carry
an explicit flag.

Usage (from the repository root; wordfreq comes from requirements-companies.txt):
  /tmp/venv-companies/bin/python data/scripts/gen_curated.py
"""
from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazlib import (DATA, GAZ, check_rows, common_words, die_on, fold, is_acronym,  # noqa: E402
                    make_id, tokens, write_tsv)

SKIP_TOKENS = {"&", "the", "of", "and", "for", "de", "la", "le", "les", "des", "du", "et", "a",
               "in", "on", "at", "to", "-", "–"}


def parse_alias(a: str) -> tuple[str, str | None]:
    if "@" in a and not a.startswith("@"):
        s, f = a.rsplit("@", 1)
        if f in ("case", "cap", "-", "case,cap"):
            return s.strip(), ("" if f == "-" else f)
    return a.strip(), None


def word_key(t: str) -> str:
    t = fold(t).strip(".,()")
    return t.split("'")[-1]  # l'économie -> économie


def org_flags(surface: str) -> str:
    if is_acronym(surface):
        return "case"
    toks = tokens(surface)
    common = common_words()
    if len(toks) == 1:
        return "case" if word_key(surface) in common else ""
    if surface[0].islower():
        return ""
    content = [word_key(t) for t in toks if fold(t) not in SKIP_TOKENS]
    if content and all(t in common for t in content):
        return "cap"
    return ""


def person_flags(surface: str, where: str) -> str:
    if len(tokens(surface)) == 1 and not any("\u3040" <= c <= "\ud7af" or "\u0400" <= c <= "\u04ff" for c in surface):
        sys.exit(f"{where}: one-word alias {surface!r} needs an explicit @cap or @case")
    return ""


def expand(src: Path, kind: str, cols: list[str]) -> tuple[list[tuple], int]:
    rows: list[tuple] = []
    ids: dict[str, str] = {}
    n_ent = 0
    for n, line in enumerate(src.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        where = f"{src.name}:{n}"
        f = line.split("\t")
        if len(f) != len(cols):
            sys.exit(f"{where}: expected {len(cols)} tab-separated columns, found {len(f)}")
        name, nflag = parse_alias(f[0])
        if not name:
            sys.exit(f"{where}: empty name")
        ident = make_id(kind, name)
        if ident in ids:
            sys.exit(f"{where}: id {ident} already used by {ids[ident]!r}")
        ids[ident] = name
        n_ent += 1
        if kind == "person":
            role = f[2].strip()
            if not role or ";" in role:
                sys.exit(f"{where}: missing role or ';' in role")
            attrs = f"role={role}"
        else:
            parts = []
            if f[2].strip():
                parts.append(f"country={f[2].strip()}")
            if f[3].strip():
                parts.append(f"type={f[3].strip()}")
            attrs = ";".join(parts)
        seen: dict[str, str] = {}
        surfaces = [(name, nflag)] + [parse_alias(a) for a in f[1].split("|") if a.strip()]
        for s, fl in surfaces:
            if len(s) < 2:
                sys.exit(f"{where}: surface shorter than 2 characters: {s!r}")
            if fl is None:
                fl = org_flags(s) if kind != "person" else person_flags(s, where)
            key = s if "case" in fl else fold(s)
            # A case-sensitive form adds nothing if the same letters already match freely.
            if key in seen or ("case" in fl and fold(s) in seen) or (
                    "case" not in fl and any(fold(k) == key for k in seen)):
                continue
            seen[key] = fl
            rows.append((s, kind, name, ident, fl, attrs))
    return rows, n_ent


def main() -> None:
    wf = version("wordfreq")
    jobs = [
        (DATA / "scripts" / "organizations_curated.tsv", GAZ / "organizations.tsv", "organization",
         ["name", "aliases", "country", "type"],
         "Organizations gazetteer: governments, ministries, agencies, regulators, central banks,\n"
         "international bodies, universities, research labs, associations, news agencies, parties.\n"
         "attrs: country (ISO 3166-1 alpha-2, `eu` or `int`), type."),
        (DATA / "scripts" / "people_curated.tsv", GAZ / "people.tsv", "person",
         ["name", "aliases", "role"],
         "People gazetteer: executives, heads of state and government, ministers and officials,\n"
         "central bankers, AI researchers. attrs: role (as of late 2025)."),
    ]
    for src, out, kind, cols, blurb in jobs:
        rows, n_ent = expand(src, kind, cols)
        header = blurb.split("\n") + [
            f"GENERATED by data/scripts/gen_curated.py from the hand-curated data/scripts/{src.name}:",
            "do not edit by hand; edit the curated file and re-run the script.",
            "Source: hand-curated for this project (no third-party data).",
            f"Flags computed with PyPI wordfreq {wf} (code Apache-2.0; word lists CC-BY-SA-4.0) as a",
            "common-word test only; no word list is copied here.",
        ]
        die_on(check_rows(out, [[str(i)] + list(r) for i, r in enumerate(rows, 1)]))
        write_tsv(out, header, rows)
        print(f"{out.name}: {len(rows)} rows, {n_ent} {kind} entities")


if __name__ == "__main__":
    main()
