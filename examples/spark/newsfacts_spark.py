"""Extract newsfacts records from a news corpus with PySpark.

Reads JSON Lines or Parquet with `id`, `text` and optionally `lang` and `date`,
extracts with `mapInArrow` (Arrow batches straight into the Rust extractor, no
per-row Python), and writes the four tables of `newsfacts extract --format
parquet` as Parquet datasets: OUTPUT/documents/, OUTPUT/entities/,
OUTPUT/facts/, OUTPUT/topics/ (directories of part files, Spark's layout), with
the CLI's columns; `documents` also carries the input's `date` as its last
column (null when the input has none), to partition or join on.

    spark-submit examples/spark/newsfacts_spark.py INPUT OUTPUT [--gazetteer F]...

Rows whose `text` is null are skipped (Spark reads a malformed JSON line as
such a row); a null `id` stays null (the CLI would write FILE:LINE).
"""

import argparse

import newsfacts
from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema
from pyspark.sql.types import StructType

TABLES = ("entities", "facts", "topics")
INPUT_COLUMNS = ("id", "text", "lang", "date")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSON Lines file(s) or Parquet dataset (glob or directory)")
    p.add_argument("output", help="directory for documents/, entities/, facts/, topics/")
    p.add_argument("--input-format", choices=["json", "parquet"],
                   help="default: json if INPUT ends in .json, .jsonl, .ndjson (.gz), else parquet")
    p.add_argument("--gazetteer", action="append", default=[],
                   help="user gazetteer TSV, readable at this path on every worker (repeatable)")
    p.add_argument("--taxonomy", action="append", default=[],
                   help="user taxonomy TSV, readable at this path on every worker (repeatable)")
    p.add_argument("--lang", choices=["fr", "en"],
                   help="read every document as this language (default: the row's lang, else detected)")
    p.add_argument("--partitions", type=int,
                   help="repartition the input first (default: as read)")
    return p.parse_args(argv)


def read_input(spark, path, fmt):
    if fmt is None:
        json_ends = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz")
        fmt = "json" if path.endswith(json_ends) else "parquet"
    if fmt == "json":
        # An explicit schema: no inference pass over the corpus, and a numeric
        # id is read as its text, as the CLI does.
        df = spark.read.schema("id string, text string, lang string, date string").json(path)
    else:
        df = spark.read.parquet(path)
        missing = {"id", "text"} - set(df.columns)
        if missing:
            raise SystemExit(f"{path}: no column {', '.join(sorted(missing))}")
        df = df.withColumn("id", F.col("id").cast("string"))
        for c in ("lang", "date"):
            if c not in df.columns:
                df = df.withColumn(c, F.lit(None).cast("string"))
        df = df.select(*INPUT_COLUMNS)
    return df.where(F.col("text").isNotNull())


def extract_documents(df, options):
    """One row per document: the `documents` columns, then the entities,
    facts and topics as arrays of structs, then the input's `date`."""
    schema = from_arrow_schema(newsfacts.arrow_schema("nested"))
    schema = StructType(schema.fields + [df.schema["date"]])

    def extract(batches):
        # One extractor per Python worker process, built by the first task
        # and reused by the next ones (Spark reuses its Python workers).
        ex = newsfacts.Extractor.shared(**options)
        for batch in batches:
            nested = ex.extract_arrow_nested(
                batch.column("text"), ids=batch.column("id"), langs=batch.column("lang"))
            yield nested.append_column("date", batch.column("date"))

    return df.mapInArrow(extract, schema)


def tables(docs):
    """The four tables of `newsfacts extract --format parquet`, same columns."""
    nested = set(TABLES)
    out = {"documents": docs.select(*[c for c in docs.columns if c not in nested])}
    for name in TABLES:
        # inline() turns each struct of the array into a row with its fields
        # as columns; documents with an empty array yield no row.
        out[name] = docs.select(F.col("id").alias("doc_id"), F.inline(name))
    return out


def main(argv=None):
    args = parse_args(argv)
    spark = SparkSession.builder.appName("newsfacts").getOrCreate()
    df = read_input(spark, args.input, args.input_format)
    if args.partitions:
        df = df.repartition(args.partitions)
    options = {"gazetteers": args.gazetteer, "taxonomy": args.taxonomy, "lang": args.lang}
    # Four writes read the extracted documents: keep them rather than extract four times.
    docs = extract_documents(df, options).persist(StorageLevel.MEMORY_AND_DISK)
    for name, table in tables(docs).items():
        table.write.mode("overwrite").parquet(f"{args.output}/{name}")
    docs.unpersist()
    spark.stop()


if __name__ == "__main__":
    main()
