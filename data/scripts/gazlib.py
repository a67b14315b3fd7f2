"""Shared helpers for the gazetteer generators (gen_companies.py, gen_curated.py).

Standard library only, except `common_words()`, which needs PyPI `wordfreq`.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

KINDS = {"company", "organization", "country", "location", "person"}
FLAGS = {"case", "cap", "off"}
HEADER = "surface\tkind\tname\tid\tflags\tattrs"

DATA = Path(__file__).resolve().parent.parent  # data/
GAZ = DATA / "gazetteer"

# Letters that NFD does not decompose.
_TRANSLIT = str.maketrans({
    "ø": "o", "Ø": "O", "ß": "ss", "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "ð": "d",
})
_APOS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " ",
                       "\u202f": " ", "\u2011": "-", "\u2010": "-", "\u2013": "-"})


def strip_accents(s: str) -> str:
    s = unicodedata.normalize("NFD", s.translate(_APOS).translate(_TRANSLIT))
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


def fold(s: str) -> str:
    """The library's matching key, approximately: case, accents, apostrophes and spaces folded."""
    return re.sub(r"\s+", " ", strip_accents(s).casefold()).strip()


def slug(name: str) -> str:
    """Lower-case ASCII slug: accents removed, runs of non-alphanumerics -> '-'."""
    s = strip_accents(name).lower()
    s = re.sub(r"[^0-9a-z]+", "-", s.encode("ascii", "ignore").decode()).strip("-")
    return s


def make_id(kind: str, name: str) -> str:
    s = slug(name)
    if not s:  # non-Latin name: fall back to the library's rule (Unicode letters kept)
        s = re.sub(r"\W+", "-", fold(name)).strip("-")
    return f"{kind}:{s}"


def is_acronym(s: str) -> bool:
    """All-caps token of at most 4 letters (digits and & allowed): `AMD`, `EDF`, `G7`, `P&G`."""
    letters = [c for c in s if c.isalpha()]
    return (" " not in s and 0 < len(letters) <= 4 and all(c.isupper() for c in letters)
            and all(c.isalnum() or c in "&." for c in s))


_COMMON: set[str] | None = None
_VERY_COMMON: set[str] | None = None


def common_words(top: int = 30000) -> set[str]:
    """Lower-case words in the top `top` of wordfreq's English or French lists."""
    global _COMMON
    if _COMMON is None:
        from wordfreq import top_n_list
        _COMMON = {fold(w) for lang in ("en", "fr") for w in top_n_list(lang, top)}
    return _COMMON


def very_common_words(top: int = 1500) -> set[str]:
    global _VERY_COMMON
    if _VERY_COMMON is None:
        from wordfreq import top_n_list
        _VERY_COMMON = {fold(w) for lang in ("en", "fr") for w in top_n_list(lang, top)}
    return _VERY_COMMON


def tokens(s: str) -> list[str]:
    return [t for t in re.split(r"[\s]+", s) if t]


def check_rows(path: Path, rows: list[list[str]] | None = None) -> list[str]:
    """Validates a gazetteer TSV (or already-split rows); returns a list of error strings."""
    errors: list[str] = []
    id_kind: dict[str, str] = {}
    id_name: dict[str, str] = {}
    seen: set[tuple[str, str, bool]] = set()
    if rows is None:
        rows = []
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if not line.strip() or line.startswith("#"):
                continue
            f = line.split("\t")
            if f[0] == "surface":
                continue
            rows.append([str(n)] + f)
    for r in rows:
        n, f = r[0], r[1:]
        where = f"{path.name}:{n}"
        if len(f) < 3:
            errors.append(f"{where}: fewer than 3 fields")
            continue
        surface, kind, name = f[0], f[1], f[2]
        ident = f[3] if len(f) > 3 and f[3] else make_id(kind, name)
        flags = [x for x in (f[4].split(",") if len(f) > 4 else []) if x]
        if not surface.strip():
            errors.append(f"{where}: empty surface")
        if surface != surface.strip():
            errors.append(f"{where}: surface has outer spaces: {surface!r}")
        if len(surface) < 2:
            errors.append(f"{where}: surface shorter than 2 characters: {surface!r}")
        if kind not in KINDS:
            errors.append(f"{where}: bad kind {kind!r}")
        if not name.strip():
            errors.append(f"{where}: empty name")
        for fl in flags:
            if fl not in FLAGS:
                errors.append(f"{where}: bad flag {fl!r}")
        if len(f) > 5 and f[5]:
            for a in f[5].split(";"):
                if a.strip() and "=" not in a:
                    errors.append(f"{where}: attr not key=value: {a!r}")
        if id_kind.setdefault(ident, kind) != kind:
            errors.append(f"{where}: id {ident} has two kinds")
        if id_name.setdefault(ident, name) != name:
            errors.append(f"{where}: id {ident} has two names ({id_name[ident]!r}, {name!r})")
        key = (ident, surface if "case" in flags else fold(surface), "case" in flags)
        if key in seen:
            errors.append(f"{where}: surface {surface!r} repeated for {ident}")
        seen.add(key)
    return errors


def write_tsv(path: Path, header_lines: list[str], rows: list[tuple]) -> None:
    out = [f"# {h}" if h else "#" for h in header_lines]
    out.append(HEADER)
    for r in rows:
        assert all("\t" not in str(x) and "\n" not in str(x) for x in r), r
        out.append("\t".join(str(x) for x in r))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def die_on(errors: list[str]) -> None:
    if errors:
        for e in errors[:50]:
            print("ERROR", e, file=sys.stderr)
        sys.exit(f"{len(errors)} errors")
