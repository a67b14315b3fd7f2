"""The engine examples (examples/spark, examples/ray) against the CLI's tables."""

import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from conftest import ROOT, TABLES, sorted_rows, venv_bin


def assert_tables_equal_cli(out, cli_tables, rows):
    for name in TABLES:
        got = pq.read_table(out / name)
        want = cli_tables[name]
        # The CLI's columns first, with its types; `documents` adds `date`.
        assert got.schema.names[:len(want.schema)] == want.schema.names, name
        for field in want.schema:
            assert got.schema.field(field.name).type == field.type, f"{name}.{field.name}"
        assert got.num_rows == want.num_rows, name
        assert sorted_rows(got, want.schema.names) == sorted_rows(want, want.schema.names), name
    dates = pq.read_table(out / "documents", columns=["id", "date"]).to_pylist()
    assert {d["id"]: d["date"] for d in dates} == {str(r["id"]): r.get("date") for r in rows}


def spark_submit(script_args, tmp_path):
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    cmd = [
        venv_bin("spark-submit"),
        "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        # Small Arrow batches: several per task, so the per-process extractor
        # and the batch boundaries are exercised on a small sample.
        "--conf", "spark.sql.execution.arrow.maxRecordsPerBatch=7",
        str(ROOT / "examples/spark/newsfacts_spark.py"), *map(str, script_args),
    ]
    log = tmp_path / "spark.log"
    with open(log, "w") as f:
        done = subprocess.run(cmd, env=env, stdout=f, stderr=subprocess.STDOUT, timeout=900)
    assert done.returncode == 0, log.read_text()[-5000:]


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_spark_job_writes_the_cli_tables(fmt, tmp_path, rows, sample_jsonl, sample_parquet, cli_tables):
    source = sample_jsonl if fmt == "jsonl" else sample_parquet
    out = tmp_path / "out"
    spark_submit([source, out, "--partitions", "3"], tmp_path)
    assert_tables_equal_cli(out, cli_tables, rows)


def test_ray_job_writes_the_cli_tables(tmp_path, rows, sample_parquet, cli_tables):
    # Parquet input: Ray reads JSON with pyarrow, which rejects an `id` column
    # holding both strings and numbers (the sample has both).
    out = tmp_path / "out"
    log = tmp_path / "ray.log"
    cmd = [sys.executable, str(ROOT / "examples/ray/newsfacts_ray.py"), "--cpus", "2",
           "--batch-size", "7", str(sample_parquet), str(out)]
    with open(log, "w") as f:
        done = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT, timeout=900)
    assert done.returncode == 0, log.read_text()[-5000:]
    assert_tables_equal_cli(out, cli_tables, rows)
