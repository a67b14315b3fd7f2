#!/usr/bin/env python3
"""Generates data/gazetteer/companies.tsv.

Sources:
  * data/scripts/companies_curated.tsv  hand-curated brands (canonical names, aliases, tickers)
  * PyPI pytickersymbols (MIT)          listed companies of 20 major indices
  * PyPI wordfreq (Apache-2.0 code)     only to decide which surfaces are common words

Usage (from the repository root):
  python3 -m venv /tmp/venv-companies
  /tmp/venv-companies/bin/pip install -r data/scripts/requirements-companies.txt
  /tmp/venv-companies/bin/python data/scripts/gen_companies.py

Organizations and people surfaces (organizations.tsv, people.tsv) are read, when present, so
that no ticker symbol is emitted that is also an organization's or a person's surface.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazlib import (DATA, GAZ, check_rows, common_words, die_on, fold, is_acronym,  # noqa: E402
                    make_id, tokens, very_common_words, write_tsv)

CURATED = DATA / "scripts" / "companies_curated.tsv"
OUT = GAZ / "companies.tsv"

# Words that wordfreq ranks as frequent because they are brand names, not because they are
# ordinary English or French words: no `case` flag for them.
BRAND_WORDS = set("""
google nvidia samsung microsoft huawei xiaomi lenovo toyota honda nissan hyundai sony siemens
boeing airbus tesla renault peugeot citroen bmw audi porsche volkswagen volvo ferrari mercedes
netflix facebook instagram whatsapp youtube twitter tiktok linkedin snapchat spotify ebay
paypal qualcomm ibm nokia ericsson vodafone toshiba hitachi panasonic fujitsu nintendo sega
yamaha suzuki mazda subaru mitsubishi kia alibaba baidu tencent bytedance wechat weibo
telegram reddit pinterest airbnb dropbox adobe cisco dell sanofi pfizer moderna novartis danone
nestle unilever loreal hermes dior chanel gucci lvmh kering michelin engie edf thales safran
dassault alstom bouygues capgemini atos sopra ubisoft deezer criteo doctolib accor auchan
exxon gazprom lukoil rosneft aramco petrobras equinor repsol eni enel iberdrola vestas maersk
fedex dhl walmart costco starbucks mcdonald's nike adidas pepsico barclays hsbc ubs bnp axa
allianz citigroup jpmorgan blackrock nasdaq nyse reuters bloomberg forbes cnn bbc cnbc disney
warner asus acer oppo zte byd catl geely nio xpeng chery rakuten naver kakao infosys wipro
tata adani airtel mahindra netapp vmware salesforce palantir snowflake databricks openai
anthropic deepmind deepseek groq cerebras hynix infineon nxp tsmc broadcom softbank coreweave
equinix kyndryl ovh orano framatome amazon.com amex bayer blackstone bofa bollore bosch
burberry capcom carlyle citi comcast dailymotion deloitte dupont etsy github ikea kroger
lagardere legrand lyft mastercard mediapart nikon philips spacex tesco verizon veolia
motorola vivendi xbox xerox cummins forrester
""".split())

# Ordinary words that wordfreq ranks below its top 30k: treated as common words too.
EXTRA_COMMON = set("""
cohere perplexity micron covariant glean inflection tether verily rebellions poolside diodes
hexagon kingfisher iridium plexus argan bancorp etched coherent credo lucid elastic confluent
""".split())

# Ticker symbols never emitted (common abbreviations in news text).
TICKER_STOP = set("""
CEO CFO CTO COO CIO USA USD EUR GBP JPY CNY GDP API GPU CPU TPU NPU LLM ETF IPO ESG EPS
ROI SAAS NASA NATO OPEC CERN FIFA UEFA HTML HTTP JSON UNIX LINUX AI ML IT OK TV PC US UK
EU UN ONU OTAN AIDS COVID FAQ DIY CASH LIFE BALL POOL FAST HOOD TEAM SNOW SHOP WELL NOW
PLUS STEP UNIT RACE GOLF CHEF FANG SPOT COIN DASH FIVE TRUE MAIN BILL EVER PLAY OPEN
""".split())

# Surfaces never emitted unless curated: acronyms that mean something else in news text.
SURFACE_STOP = set("""
HCI RPC NVR MYR PRA NMI SMC IAC PNE ICG IMI AAR MBB SCA Sto HNI JBT RXO
""".split())

# Trailing legal-form token sequences (compared lower-case without dots and commas).
LEGAL_SEQS = [s.split() for s in """
co ltd|co limited|pte ltd|pty ltd|pvt ltd|plc ltd|sa de cv|sdn bhd|& co kgaa|& co|and company|& company
inc|incorporated|corp|corporation|co|company|ltd|limited|plc|sa|se|ag|nv|bv|spa|sas|sarl|gmbh
kgaa|oyj|ab|asa|a/s|kk|llc|lp|bhd|ltda|srl|sab|publ
""".replace("\n", "|").split("|") if s.strip()]
LEGAL_SEQS.sort(key=len, reverse=True)
GROUPISH = [["group"], ["holdings"], ["holding"]]

# Spelling variants of one legal form, generated from whichever is observed.
SUFFIX_CLASSES = [
    ["Corporation", "Corp.", "Corp"],
    ["Inc.", "Inc"],
    ["Ltd.", "Ltd", "Limited"],
    ["Co., Ltd.", "Co. Ltd.", "Co., Ltd", "Co. Ltd"],
    ["Company", "Co."],
    ["S.A.", "SA"],
    ["N.V.", "NV"],
    ["plc"], ["SE"], ["AG"],
]

COUNTRY_NAMES = {
    "united states": "us", "japan": "jp", "germany": "de", "united kingdom": "gb", "france": "fr",
    "netherlands": "nl", "switzerland": "ch", "spain": "es", "sweden": "se", "finland": "fi",
    "belgium": "be", "ireland": "ie", "italy": "it", "luxembourg": "lu", "denmark": "dk",
    "norway": "no", "austria": "at", "canada": "ca", "australia": "au", "mexico": "mx",
    "bermuda": "bm", "china": "cn", "south korea": "kr", "taiwan": "tw", "india": "in",
    "israel": "il", "singapore": "sg", "brazil": "br", "portugal": "pt", "greece": "gr",
    "jersey": "je", "guernsey": "gg", "cayman islands": "ky", "hong kong": "hk",
}
US_STATES = set("""alabama alaska arizona arkansas california colorado connecticut delaware florida
georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
michigan minnesota mississippi missouri montana nebraska nevada new hampshire new jersey
new mexico new york north carolina north dakota ohio oklahoma oregon pennsylvania rhode island
south carolina south dakota tennessee texas utah vermont virginia washington west virginia
wisconsin wyoming d.c.""".split("\n"))

PRI_CURATED, PRI_LISTED, PRI_DERIVED = 3, 2, 1


def norm_tok(t: str) -> str:
    return t.lower().replace(".", "").replace(",", "")


def split_legal(name: str, seqs=LEGAL_SEQS) -> tuple[str, str]:
    """('Taiwan Semiconductor Manufacturing', 'Co., Ltd.') for 'Taiwan ... Co., Ltd.'."""
    toks = tokens(name)
    cut = len(toks)
    changed = True
    while changed and cut > 1:
        changed = False
        low = [norm_tok(t) for t in toks[:cut]]
        for seq in seqs:
            n = len(seq)
            if cut - n >= 1 and low[cut - n:] == seq:
                cut -= n
                changed = True
                break
    while cut > 1 and norm_tok(toks[cut - 1]) in {"&", "and", "-", ""}:
        cut -= 1
    base = " ".join(toks[:cut]).rstrip(",").strip()
    return base, " ".join(toks[cut:])


def suffix_variants(name: str) -> list[str]:
    base, suffix = split_legal(name)
    out = [name]
    if not suffix:
        return out
    for cls in SUFFIX_CLASSES:
        if any(norm_tok(suffix) == norm_tok(x) for x in cls):
            for x in cls:
                out.append(f"{base} {x}")
                if x == "Inc.":
                    out.append(f"{base}, {x}")
    return out


def has_cjk(s: str) -> bool:
    return any("\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in s)


def auto_flags(surface: str) -> str:
    if has_cjk(surface):
        return ""
    if is_acronym(surface):
        return "case"
    common = common_words()
    toks = tokens(surface)
    if len(toks) == 1:
        w = fold(surface).strip(".,'")
        if w in BRAND_WORDS:
            return ""
        return "case" if w in common or w in EXTRA_COMMON or fold(surface) in common else ""
    skip = {"&", "the", "of", "and", "de", "la", "le", "les", "des", "du", "et", "for"}
    content = [fold(t).strip(".,") for t in toks if fold(t) not in skip]
    if content and all(t in common and t not in BRAND_WORDS for t in content):
        return "cap"
    return ""


def is_common(word: str) -> bool:
    w = fold(word).strip(".,'")
    return w not in BRAND_WORDS and (w in common_words() or w in EXTRA_COMMON)


def parse_alias(a: str) -> tuple[str, str | None]:
    """'Apple@case' -> ('Apple', 'case'); '@-' forces no flag; no '@' -> (surface, None)."""
    if "@" in a and not a.startswith("@"):
        s, f = a.rsplit("@", 1)
        return s.strip(), ("" if f == "-" else f)
    return a.strip(), None


class Entity:
    def __init__(self, name: str, source: str):
        self.name = name
        self.source = source
        self.country = ""
        self.sector = ""
        self.ticker = ""
        self.surfaces: dict[str, tuple[str, str, int]] = {}  # key -> (surface, flags, priority)
        self.blocked_tickers: set[str] = set()
        self.listed_names: list[str] = []

    def add(self, surface: str, flags: str | None, pri: int) -> None:
        surface = re.sub(r"\s+", " ", surface).strip()
        if len(surface) < 2:
            return
        if flags is None:
            flags = auto_flags(surface)
        key = surface if "case" in flags else fold(surface)
        if key not in self.surfaces and any(
                fold(k) == fold(surface) and ("case" not in fl or "case" not in flags)
                for k, (_, fl, _) in self.surfaces.items()):
            return
        if key in self.surfaces:
            old = self.surfaces[key]
            if pri > old[2]:
                self.surfaces[key] = (old[0], old[1], pri)
            return
        self.surfaces[key] = (surface, flags, pri)


def country_of(stock: dict) -> str:
    isins = stock.get("isins") or []
    if isins and re.match(r"^[A-Z]{2}", isins[0]):
        return isins[0][:2].lower()
    c = (stock.get("country") or "").strip()
    last = c.split(",")[-1].strip().lower()
    if last in COUNTRY_NAMES:
        return COUNTRY_NAMES[last]
    if last in US_STATES or c.lower().endswith("texa"):
        return "us"
    return ""


def load_curated() -> tuple[list[Entity], dict[str, Entity], set[str]]:
    ents: list[Entity] = []
    explicit_pts: dict[str, Entity] = {}
    no_merge: set[str] = set()
    for n, line in enumerate(CURATED.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#") or line.startswith("name\t"):
            continue
        f = (line.split("\t") + [""] * 6)[:6]
        name, nflag = parse_alias(f[0])
        if not name:
            sys.exit(f"{CURATED.name}:{n}: empty name")
        e = Entity(name, "curated")
        e.country, e.sector = f[3].strip(), f[4].strip()
        e.add(name, nflag, PRI_CURATED)
        for v in suffix_variants(name)[1:]:
            e.add(v, None, PRI_DERIVED)
        for a in filter(None, (x.strip() for x in f[1].split("|"))):
            s, fl = parse_alias(a)
            e.add(s, fl, PRI_CURATED)
            for v in suffix_variants(s)[1:]:
                e.add(v, None, PRI_DERIVED)
        for t in filter(None, (x.strip() for x in f[2].split("|"))):
            s, fl = parse_alias(t)
            if fl == "":  # `SYMBOL@-`: never emit this symbol
                e.blocked_tickers.add(s)
                continue
            e.ticker = e.ticker or s
            e.add(s, "case", PRI_CURATED)
        pts = f[5].strip()
        if pts == "-":
            no_merge.add(name)
        else:
            for p in filter(None, (x.strip() for x in pts.split("|"))):
                explicit_pts[p] = e
        ents.append(e)
    return ents, explicit_pts, no_merge


def other_gazetteer_surfaces(names=("organizations.tsv", "people.tsv")) -> set[str]:
    out = set()
    for p in (GAZ / n for n in names):
        if p.exists():
            for line in p.read_text(encoding="utf-8").split("\n"):
                if line and not line.startswith("#"):
                    out.add(fold(line.split("\t")[0]))
    return out


def good_ticker(sym: str, blocked: set[str], others: set[str]) -> bool:
    return (bool(re.fullmatch(r"[A-Z]{4,5}", sym)) and sym not in TICKER_STOP and sym not in blocked
            and fold(sym) not in common_words() and fold(sym) not in others)


def main() -> None:
    from pytickersymbols import PyTickerSymbols

    ents, explicit_pts, no_merge = load_curated()
    by_key: dict[str, Entity] = {}
    for e in ents:
        if e.name in no_merge:
            continue
        for key, (s, fl, pri) in e.surfaces.items():
            if pri == PRI_CURATED:
                by_key.setdefault(fold(split_legal(s)[0]), e)
                by_key.setdefault(fold(s), e)
    by_ticker = {s: e for e in ents for (s, fl, pri) in e.surfaces.values()
                 if fl == "case" and s == e.ticker}
    others = other_gazetteer_surfaces()
    very_common = very_common_words()
    common = common_words()

    stocks = list(PyTickerSymbols().get_all_stocks())
    listed: dict[str, Entity] = {}
    n_merged = n_new = n_dropped = 0
    for st in stocks:
        raw = st["name"].strip()
        full = re.sub(r"\s*\([^)]*\)", "", raw).strip()  # 'Rio Tinto (corporation)'
        if len(full) < 2:
            continue
        base, suffix = split_legal(full)
        sym = (st.get("symbol") or "").strip()
        e = explicit_pts.get(raw) or explicit_pts.get(full)
        if e is None:
            e = (by_key.get(fold(base)) or by_key.get(fold(full))
                 or by_key.get(fold(split_legal(base, GROUPISH)[0])))
        if e is None and sym and "." not in sym:
            e = by_ticker.get(sym)
        if e is not None:
            n_merged += 1
            e.source = "curated+pytickersymbols"
        else:
            # canonical: the name without its legal form, unless that leaves a common word
            name = base
            if suffix and name.lower().startswith("the ") and len(tokens(name)) > 1:
                name = name[4:]
            single = len(tokens(name)) == 1
            if single and is_common(name) and suffix:
                name = full
            group_base, _ = split_legal(name, GROUPISH)
            if len(tokens(full)) == 1 and fold(full) in very_common:
                n_dropped += 1
                continue
            key = fold(name)
            if key in listed:
                e = listed[key]
            else:
                e = Entity(name, "pytickersymbols")
                listed[key] = e
                n_new += 1
            e.add(name, None, PRI_LISTED)
            if fold(group_base) != fold(name):
                gb_single = len(tokens(group_base)) == 1
                if not (gb_single and (is_common(group_base) or len(group_base) < 3)):
                    e.add(group_base, None, PRI_DERIVED)
        e.listed_names.append(raw)
        if not e.country:
            e.country = country_of(st)
        if not e.sector and st.get("industries"):
            sec = re.split(r"\s*[,;(]\s*", st["industries"][0])[0].strip(" .").lower()
            if 2 < len(sec) <= 40:
                e.sector = sec
        e.add(full, None, PRI_LISTED)
        for v in suffix_variants(full)[1:]:
            e.add(v, None, PRI_DERIVED)
        if sym and "." not in sym:
            if not e.ticker:
                e.ticker = sym
            if country_of(st) == "us" and good_ticker(sym, e.blocked_tickers, others):
                e.add(sym, "case", PRI_DERIVED)
        elif sym and not e.ticker:
            e.ticker = sym
    all_ents = ents + list(listed.values())

    # Drop hopeless single-word surfaces and 2-letter acronyms that no curator asked for, and
    # non-curated surfaces that are place or country names (Antofagasta the city).
    geo = other_gazetteer_surfaces(("countries.tsv", "places.tsv"))
    for e in all_ents:
        for key, (s, fl, pri) in list(e.surfaces.items()):
            if pri < PRI_CURATED and (fold(s) in geo or s in SURFACE_STOP or len(tokens(s)) == 1 and (
                    fold(s) in very_common or len(s) <= 2)):
                del e.surfaces[key]

    # Cross-entity collisions: the surface stays with the highest-priority claimants only.
    claims: dict[str, list[tuple[int, Entity, str]]] = defaultdict(list)
    for e in all_ents:
        for key, (s, fl, pri) in e.surfaces.items():
            claims[fold(s)].append((pri, e, key))
    ambiguous = []
    for k, cl in claims.items():
        if len({id(e) for _, e, _ in cl}) < 2:
            continue
        top = max(p for p, _, _ in cl)
        for p, e, key in cl:
            if p < top:
                e.surfaces.pop(key, None)
        winners = {e.name for p, e, _ in cl if p == top}
        if len(winners) > 1:
            ambiguous.append((k, sorted(winners)))

    # Ids: slug of the canonical name; disambiguate clashes with the country code.
    ids: dict[str, Entity] = {}
    for e in sorted(all_ents, key=lambda e: (e.source == "pytickersymbols", fold(e.name))):
        if not e.surfaces:
            continue
        i = make_id("company", e.name)
        if i in ids:
            i2 = f"{i}-{e.country}" if e.country else i
            k = 2
            while i2 in ids:
                i2, k = f"{i}-{k}", k + 1
            print(f"note: id clash {i} ({ids[i].name} / {e.name}) -> {i2}", file=sys.stderr)
            i = i2
        ids[i] = e

    rows = []
    for i, e in sorted(ids.items(), key=lambda kv: (fold(kv[1].name), kv[0])):
        attrs = []
        if e.country:
            attrs.append(f"country={e.country}")
        if e.sector:
            attrs.append(f"sector={e.sector}")
        if e.ticker:
            attrs.append(f"ticker={e.ticker}")
        attrs.append(f"source={e.source}")
        a = ";".join(attrs)
        surfs = sorted(e.surfaces.values(), key=lambda t: (fold(t[0]) != fold(e.name), -t[2]))
        for s, fl, _ in surfs:
            rows.append((s, "company", e.name, i, fl, a))

    header = [
        "Companies gazetteer. GENERATED by data/scripts/gen_companies.py: do not edit by hand;",
        "edit data/scripts/companies_curated.tsv or the script and re-run it.",
        "Sources:",
        "  - data/scripts/companies_curated.tsv (hand-curated for this project)",
        f"  - PyPI pytickersymbols {version('pytickersymbols')} (MIT licence): listed companies of 20 indices",
        f"  - PyPI wordfreq {version('wordfreq')} (code Apache-2.0; word lists CC-BY-SA-4.0), used only to flag",
        "    surfaces that are common English/French words (`case`/`cap`); no word list is copied here.",
        "Flags: `case` = acronyms of <= 4 letters, ticker symbols and single words that are common",
        "English/French words; `cap` = multi-word names made only of common words.",
        "attrs: country (ISO 3166-1 alpha-2), sector, ticker (primary listing), source.",
    ]
    die_on(check_rows(OUT, [[str(n)] + list(map(str, r)) for n, r in enumerate(rows, 1)]))
    write_tsv(OUT, header, rows)
    print(f"companies.tsv: {len(rows)} rows, {len(ids)} companies "
          f"({len(ents)} curated, {n_merged} listings merged into them, {n_new} listed-only, "
          f"{n_dropped} listings dropped)")
    for k, names in ambiguous:
        print(f"ambiguous surface {k!r}: {names}", file=sys.stderr)


if __name__ == "__main__":
    main()
