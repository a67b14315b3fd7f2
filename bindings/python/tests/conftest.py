"""Shared fixtures: a sample corpus, and the CLI's records and tables for it.

Every test compares the Python side with the `newsfacts` binary on the same
documents: the CLI is the reference. It is $NEWSFACTS_BIN when set (CI sets
it to the release build), else built here with cargo.
"""

import json
import os
import pathlib
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
TABLES = ("documents", "entities", "facts", "topics")


def sample_rows():
    """The README's articles, the .txt examples, and edge cases: numeric id,
    regional and unknown language tags, no language, empty text, non-Latin
    text; some with a date. Variants of the articles make enough documents
    for several Arrow batches."""
    rows = [json.loads(line) for line in (ROOT / "examples/data/news.jsonl").read_text().splitlines()
            if line.strip()]
    for path in sorted((ROOT / "examples/data/articles").glob("*.txt")):
        rows.append({"id": path.stem, "text": path.read_text()})
    base = list(rows)
    for i, row in enumerate(base * 4):
        variant = dict(row, id=f"{row['id']}-v{i}", text=f"{row['text']} Variante {i} : 1,5 milliard d’euros.")
        if i % 3 == 0:
            variant["date"] = f"2026-11-{1 + i % 28:02d}"
        rows.append(variant)
    rows += [
        {"id": 42, "text": "Airbus a livré 766 avions en 2025, plus de 10 % de plus qu’en 2024."},
        {"id": "fr-ca", "lang": "fr-CA", "text": "Hydro-Québec investira 185 milliards de dollars canadiens d’ici 2035."},
        {"id": "unknown-lang", "lang": "de", "text": "La Chine et l’Inde ont signé un accord."},
        {"id": "no-lang", "text": "Samsung Electronics posted an operating profit of 9.1 trillion won in Q3."},
        {"id": "forced-en", "lang": "en", "text": "La Chine et l’Inde."},
        {"id": "empty", "text": ""},
        {"id": "cjk", "text": "中国 🇨🇳 NVIDIA a gagné 5 % — “quote” ’apostrophe’\u00a0€"},
    ]
    return rows


@pytest.fixture(scope="session")
def rows():
    return sample_rows()


@pytest.fixture(scope="session")
def sample_jsonl(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("sample") / "sample.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


@pytest.fixture(scope="session")
def sample_parquet(tmp_path_factory, rows):
    """The same rows as Parquet (ids as strings: a Parquet column has one type)."""
    path = tmp_path_factory.mktemp("sample") / "sample.parquet"
    table = pa.table({
        "id": [str(r["id"]) for r in rows],
        "text": [r["text"] for r in rows],
        "lang": [r.get("lang") for r in rows],
        "date": [r.get("date") for r in rows],
    })
    pq.write_table(table, path)
    return path


def cargo_binary():
    out = subprocess.run(
        ["cargo", "build", "--release", "--bin", "newsfacts", "--message-format=json"],
        cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    for line in out.stdout.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("executable") \
                and msg["target"]["name"] == "newsfacts":
            return msg["executable"]
    raise RuntimeError("cargo built no newsfacts binary")


@pytest.fixture(scope="session")
def cli():
    """Runs `newsfacts extract ARGS...`, failing the test on a non-zero exit."""
    binary = os.environ.get("NEWSFACTS_BIN") or cargo_binary()

    def run(*args):
        return subprocess.run([binary, "extract", "--quiet", *map(str, args)],
                              check=True, stdout=subprocess.PIPE, text=True).stdout

    return run


@pytest.fixture(scope="session")
def cli_records(cli, sample_jsonl):
    return [json.loads(line) for line in cli(sample_jsonl).splitlines()]


@pytest.fixture(scope="session")
def cli_tables(cli, sample_jsonl, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli-parquet")
    cli("--format", "parquet", "-o", out, sample_jsonl)
    return {name: pq.read_table(out / f"{name}.parquet") for name in TABLES}


def inputs(rows):
    """texts, ids and langs as the CLI reads them from the JSON lines."""
    texts = [r["text"] for r in rows]
    ids = [str(r["id"]) for r in rows]
    langs = [r.get("lang") for r in rows]
    return texts, ids, langs


def sorted_rows(table, columns):
    """The rows of `table` restricted to `columns`, in a canonical order: the
    engines write partitions in no particular order."""
    return sorted(table.select(columns).to_pylist(), key=repr)


def venv_bin(name):
    """A console script of the running interpreter's environment."""
    return str(pathlib.Path(sys.executable).parent / name)
