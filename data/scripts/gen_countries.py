#!/usr/bin/env python3
"""Generates data/gazetteer/countries.tsv (kind `country`).

Sources:
- CLDR 48.2.0 territory names in English, French, Spanish and German, with
  their alt short/variant forms (npm `cldr-localenames-full`, Unicode-3.0).
  PyPI `babel` carries the same names but drops the alt forms, hence the
  npm package.
- data/scripts/country_extras.tsv: hand-curated journalistic forms (U.S., UK,
  Britain, Hexagone, RDC...) and removals.
- Debian word lists (wamerican, wbritish, wfrench) decide the `cap` flag.

Every ISO 3166-1 code CLDR names is kept, plus XK (Kosovo, user-assigned but
used by CLDR and in news); CLDR's non-ISO regions (EU, UN, AC, IC...) are not.
id = country: + lower-case alpha-2; name = common English name as journalists
write it (CLDR English with the overrides below).

Usage: python gen_countries.py  (see regen_geo.sh for the setup)
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict

from geocommon import (GAZ, HERE, CLDR_VERSION, LOCALES, check_tsv, cldr_territories,
                    common_words, fold, header, is_acronym, read_curated, write_tsv)

# CLDR codes that are not ISO 3166-1 countries or territories.
NOT_ISO = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}

# Canonical English names where journalists differ from CLDR English.
CANONICAL = {
    "AG": "Antigua and Barbuda",
    "BA": "Bosnia and Herzegovina",
    "BL": "Saint Barthélemy",
    "CC": "Cocos (Keeling) Islands",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "GS": "South Georgia and the South Sandwich Islands",
    "HK": "Hong Kong",
    "HM": "Heard Island and McDonald Islands",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
    "MF": "Saint Martin",
    "MM": "Myanmar",
    "MO": "Macau",
    "PM": "Saint Pierre and Miquelon",
    "PS": "Palestine",
    "SH": "Saint Helena",
    "SJ": "Svalbard and Jan Mayen",
    "ST": "São Tomé and Príncipe",
    "TC": "Turks and Caicos Islands",
    "TL": "East Timor",
    "TR": "Turkey",
    "TT": "Trinidad and Tobago",
    "UM": "United States Minor Outlying Islands",
    "VC": "Saint Vincent and the Grenadines",
    "WF": "Wallis and Futuna",
}

# English country names that are also common words or names: `cap`.
# (Forms listed as lower-case words in the Debian word lists get `cap` too.)
CAP = {"Chad", "Jordan", "Georgia", "Turkey", "Guinea", "Niger", "Togo", "Oman", "Mali",
       "Nauru", "Jersey", "Guernsey", "Chile", "Chili", "Japan", "Japon", "China", "Panama",
       "Israel", "Tonga", "Samoa", "Cuba", "Malta", "Peru", "Monaco", "Salvador"}

AND = {"en": "and", "fr": "et", "es": "y", "de": "und"}
# Parenthesised parts that are not names on their own.
PAREN_SKIP = {"Republic", "República", "Republik", "Demokratische Republik", "China",
              "partie néerlandaise", "Keeling"}

# Priorities when one surface names two countries: the lower wins, a tie drops it.
P_EXTRA, P_CANON, P_MAIN, P_ALT, P_DERIVED = 0, 1, 2, 3, 4


def variants(name: str, locale: str) -> list[tuple[str, int]]:
    """Surface forms derived from one CLDR name, with a priority offset
    (0 = the name itself, 1 = derived)."""
    out = [(name, 0)]
    m = re.fullmatch(r"(.+?) \(([^)]+)\)", name)
    if m:  # "Myanmar (Burma)" -> Myanmar, Burma
        a, b = m.group(1), m.group(2)
        out = [(a, 1)]
        if b not in PAREN_SKIP and b[:1].isupper():
            out.append((b, 1))
    res = []
    for s, d in out:
        if " - " in s:  # "Congo - Kinshasa"
            s = s.replace(" - ", "-")
        forms = {s}
        if " & " in s:
            forms.add(s.replace(" & ", f" {AND[locale]} "))
        if locale == "en":
            for f in list(forms):
                if "St. " in f:
                    forms.add(f.replace("St. ", "Saint "))
                    forms.add(f.replace("St. ", "St "))
        for f in sorted(forms):
            res.append((f, d if f == s else 1))
    return res


def main() -> None:
    names = {loc: cldr_territories(loc) for loc in LOCALES}
    codes = sorted(c for c in names["en"] if len(c) == 2 and c.isalpha() and c not in NOT_ISO)
    canonical = {}
    for c in codes:
        canonical[c] = CANONICAL.get(c, names["en"][c])

    # surface -> code -> best priority
    cand: dict[str, dict[str, int]] = defaultdict(dict)
    # surfaces given by English or French (or the curated file)
    en_fr: set[str] = set()
    forced_flags: dict[tuple[str, str], str] = {}

    def add(surface: str, code: str, prio: int) -> None:
        surface = surface.strip()
        if len(surface) < 2:
            return
        cur = cand[surface].get(code)
        if cur is None or prio < cur:
            cand[surface][code] = prio

    for c in codes:
        add(canonical[c], c, P_CANON)
        for loc in LOCALES:
            for key, base in ((c, P_MAIN), (f"{c}-alt-short", P_ALT), (f"{c}-alt-variant", P_ALT)):
                name = names[loc].get(key)
                if not name:
                    continue
                for form, d in variants(name, loc):
                    # Two-or-three-letter codes from CLDR alt forms (RU, USA...)
                    # only where curated.
                    if is_acronym(form) and "." not in form:
                        continue
                    add(form, c, base + d)
                    if loc in ("en", "fr"):
                        en_fr.add(form)

    removed = set()
    for n, f in read_curated(HERE / "country_extras.tsv"):
        surface, code = f[0], f[1]
        flags = f[2] if len(f) > 2 else ""
        if code == "-":
            removed.add(fold(surface))
            continue
        if code not in canonical:
            sys.exit(f"country_extras.tsv:{n}: unknown code {code}")
        add(surface, code, P_EXTRA)
        en_fr.add(surface)
        forced_flags[(fold(surface), code)] = flags

    # Resolve surfaces shared by two countries (or removed).
    ambiguous = []
    rows_by_code: dict[str, list[str]] = defaultdict(list)
    for surface, by_code in cand.items():
        if fold(surface) in removed and not any((fold(surface), c) in forced_flags for c in by_code):
            continue
        best = min(by_code.values())
        winners = [c for c, p in by_code.items() if p == best]
        if len(winners) > 1:
            ambiguous.append((surface, sorted(winners)))
            continue
        rows_by_code[winners[0]].append(surface)
    common = common_words("en", "fr")

    # A Spanish or German form that is an English or French word ("Italien",
    # "Syrien": French for an Italian, a Syrian) would mislead in en/fr news.
    for c, forms in rows_by_code.items():
        rows_by_code[c] = [s for s in forms
                           if s in en_fr or s == canonical[c] or s.lower() not in common]

    rows = []
    for c in codes:
        seen = set()
        # canonical first, then the other forms in a stable order
        forms = sorted(rows_by_code[c], key=lambda s: (s != canonical[c], fold(s), s))
        for s in forms:
            k = fold(s)
            if k in seen:
                continue
            seen.add(k)
            if (k, c) in forced_flags:
                flags = forced_flags[(k, c)]
            elif is_acronym(s):
                flags = "case"
            elif s in CAP or (" " not in s and "-" not in s and s.lower() in common):
                flags = "cap"
            else:
                flags = ""
            rows.append((s, "country", canonical[c], f"country:{c.lower()}", flags, ""))

    out = GAZ / "countries.tsv"
    head = header("gen_countries.py", [
        f"CLDR {CLDR_VERSION} territory names en/fr/es/de incl. alt forms: npm cldr-localenames-full "
        f"{CLDR_VERSION} (Unicode-3.0, https://www.unicode.org/license.txt)",
        "data/scripts/country_extras.tsv (hand-curated journalistic forms)",
        "cap flags: Debian wamerican/wbritish 2020.12.07, wfrench 1.2.7 lower-case words (used, not copied)",
    ])
    write_tsv(out, head, rows)
    for s, w in ambiguous:
        print(f"dropped ambiguous surface {s!r}: {w}", file=sys.stderr)
    counts = check_tsv(out)
    print(f"{out.relative_to(HERE.parent.parent)}: {len(rows)} rows, {len(codes)} countries, {counts}")


if __name__ == "__main__":
    main()
