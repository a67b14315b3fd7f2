"""The Python API against the CLI on the same documents."""

import json
import pickle
import threading
import time

import newsfacts
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from conftest import TABLES, inputs


@pytest.fixture(scope="module")
def ex():
    return newsfacts.Extractor()


def test_extract_batch_equals_cli_records(ex, rows, cli_records):
    texts, ids, langs = inputs(rows)
    got = ex.extract_batch(texts, ids=ids, langs=langs)
    assert len(got) == len(cli_records) == len(rows)
    for record, want in zip(got, cli_records):
        assert record == want, want["id"]


def test_extract_equals_cli_records(ex, rows, cli_records):
    for row, want in zip(rows, cli_records):
        lang = row.get("lang")
        # A per-call language must be fr or en (regional tags too); the CLI
        # detects the others, so pass none for them.
        lang = lang if lang in ("fr", "en", "fr-CA") else None
        assert ex.extract(row["text"], id=str(row["id"]), lang=lang) == want, want["id"]


def test_extract_without_id_or_lang(ex):
    doc = ex.extract("La Chine et l’Inde.")
    assert doc["id"] is None
    assert doc["lang"] == "fr"
    assert [e["name"] for e in doc["entities"]] == ["China", "India"]
    assert set(doc) == {"id", "lang", "entities", "facts", "topics", "keyphrases"}


def test_arrow_tables_equal_cli_parquet(ex, rows, cli_tables):
    texts, ids, langs = inputs(rows)
    tables = ex.extract_arrow(pa.array(texts), ids=pa.array(ids), langs=pa.array(langs))
    assert list(tables) == list(TABLES)
    for name in TABLES:
        got, want = tables[name], cli_tables[name]
        assert isinstance(got, pa.RecordBatch)
        assert got.schema.remove_metadata() == want.schema.remove_metadata(), name
        assert got.num_rows == want.num_rows, name
        # The same rows in the same order: input order, as the CLI writes them.
        assert got.to_pylist() == want.to_pylist(), name
        assert got.schema == newsfacts.arrow_schema(name), name


def test_arrow_input_kinds(ex, rows):
    """string, large_string, string_view and chunked arrays give the same tables."""
    texts, ids, langs = inputs(rows)
    want = ex.extract_arrow(pa.array(texts), ids=pa.array(ids), langs=pa.array(langs))
    half = len(texts) // 2
    variants = {
        "large_string": (pa.array(texts, pa.large_string()), pa.array(ids, pa.large_string())),
        "string_view": (pa.array(texts, pa.string_view()), pa.array(ids, pa.string_view())),
        "chunked": (pa.chunked_array([texts[:half], texts[half:]]), pa.chunked_array([ids[:7], ids[7:]])),
    }
    for kind, (t, i) in variants.items():
        got = ex.extract_arrow(t, ids=i, langs=pa.array(langs))
        for name in TABLES:
            assert got[name].equals(want[name]), f"{kind}: {name}"


def test_nested_explodes_to_the_tables(ex, rows):
    texts, ids, langs = inputs(rows)
    tables = ex.extract_arrow(pa.array(texts), ids=pa.array(ids), langs=pa.array(langs))
    nested = ex.extract_arrow_nested(pa.array(texts), ids=pa.array(ids), langs=pa.array(langs))
    assert nested.schema == newsfacts.arrow_schema("nested")
    assert nested.num_rows == len(rows)
    documents = nested.drop_columns(["entities", "facts", "topics"])
    assert documents.to_pylist() == tables["documents"].to_pylist()
    for name in ("entities", "facts", "topics"):
        lists = nested.column(name)
        doc_ids = pc.take(nested.column("id"), pc.list_parent_indices(lists)).to_pylist()
        elements = pc.list_flatten(lists).to_pylist()
        exploded = [{"doc_id": d, **e} for d, e in zip(doc_ids, elements)]
        assert exploded == tables[name].to_pylist(), name


def test_user_gazetteer_and_forced_language_equal_cli(tmp_path, cli, sample_jsonl, rows):
    gazetteer = tmp_path / "mine.tsv"
    gazetteer.write_text("Variante\tcompany\tVariante Labs\n")
    ex = newsfacts.Extractor(gazetteers=[str(gazetteer)], lang="en")
    assert ex.lang == "en"
    want = [json.loads(line)
            for line in cli("--gazetteer", gazetteer, "--lang", "en", sample_jsonl).splitlines()]
    texts, ids, langs = inputs(rows)
    got = ex.extract_batch(texts, ids=ids, langs=langs)
    assert got == want
    assert any(e["name"] == "Variante Labs" for d in got for e in d["entities"])
    assert all(d["lang"] == "en" for d in got)


def test_build_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("A\tcompany\tA\nB\tcompany\n")
    with pytest.raises(ValueError, match=r"bad\.tsv:2: expected at least 3 tab-separated fields"):
        newsfacts.Extractor(gazetteers=bad)
    with pytest.raises(OSError, match=r"missing\.tsv"):
        newsfacts.Extractor(taxonomy=tmp_path / "missing.tsv")
    with pytest.raises(ValueError, match="unsupported language"):
        newsfacts.Extractor(lang="de")


def test_call_errors(ex):
    with pytest.raises(ValueError, match="unsupported language"):
        ex.extract("La Chine.", lang="de")
    with pytest.raises(TypeError):
        ex.extract(b"La Chine.")
    with pytest.raises(ValueError, match="ids has 1 elements but texts has 2"):
        ex.extract_batch(["a", "b"], ids=["x"])
    with pytest.raises(ValueError, match=r"texts\[1\] is null"):
        ex.extract_arrow(pa.array(["La Chine.", None]))
    with pytest.raises(ValueError, match="expected an Arrow array of strings, found Int64"):
        ex.extract_arrow(pa.array([1, 2]))
    with pytest.raises(ValueError, match="langs has 1 elements but texts has 2"):
        ex.extract_arrow_nested(pa.array(["a", "b"]), langs=pa.array(["fr"]))
    with pytest.raises(ValueError, match="unknown table"):
        newsfacts.arrow_schema("people")


def test_shared_once_per_process_and_pickles_to_it(tmp_path):
    a = newsfacts.Extractor.shared(lang="fr")
    assert newsfacts.Extractor.shared(lang="fr") is a
    assert newsfacts.Extractor.shared() is not a
    # A pickled extractor (a Spark or Ray closure capturing one) comes back
    # as the shared one of the receiving process, not a new build.
    assert pickle.loads(pickle.dumps(a)) is a
    own = newsfacts.Extractor(lang="fr")
    assert pickle.loads(pickle.dumps(own)) is a
    assert own.extract("The U.S.") == a.extract("The U.S.")


def test_extraction_releases_the_gil(ex):
    """Another Python thread keeps running while a batch is extracted."""
    texts = ["Jensen Huang, PDG de NVIDIA, était en Chine. " * 2000] * 8
    done = threading.Event()
    ticks = 0

    def work():
        ex.extract_batch(texts)
        done.set()

    t = threading.Thread(target=work)
    started = time.perf_counter()
    t.start()
    while not done.is_set():
        ticks += 1
    t.join()
    elapsed = time.perf_counter() - started
    # Held GIL: the loop would only run in the gaps between documents (the
    # interpreter cannot preempt native code), a handful of ticks. Released:
    # it spins the whole time, millions of ticks per second.
    assert elapsed > 0.05, "the batch was too quick to tell"
    assert ticks > 10_000, f"{ticks} ticks in {elapsed:.2f} s"
