"""Extract newsfacts records from a news corpus with Ray Data.

Reads JSON Lines or Parquet with `id`, `text` and optionally `lang` and `date`,
extracts with `map_batches(batch_format="pyarrow")` (Arrow batches straight into
the Rust extractor, no per-row Python; one extractor per worker process), and writes the four tables of `newsfacts extract
--format parquet` as Parquet datasets OUTPUT/documents/, OUTPUT/entities/,
OUTPUT/facts/ and OUTPUT/topics/, with the CLI's columns; `documents` also
carries the input's `date` as its last column (null when the input has none).
The Spark example (examples/spark/) writes the same tables.

    python examples/ray/newsfacts_ray.py INPUT OUTPUT [--cpus N] [--gazetteer F]...

Rows whose `text` is null are skipped; a null `id` stays null.
"""

import argparse

import newsfacts
import pyarrow as pa
import pyarrow.compute as pc
import ray

TABLES = ("entities", "facts", "topics")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSON Lines file(s) or Parquet dataset")
    p.add_argument("output", help="directory for documents/, entities/, facts/, topics/")
    p.add_argument("--cpus", type=int, help="CPUs for Ray's local workers (default: all)")
    p.add_argument("--batch-size", type=int, default=1024, help="documents per batch (default 1024)")
    p.add_argument("--gazetteer", action="append", default=[],
                   help="user gazetteer TSV, readable at this path on every worker (repeatable)")
    p.add_argument("--taxonomy", action="append", default=[],
                   help="user taxonomy TSV, readable at this path on every worker (repeatable)")
    p.add_argument("--lang", choices=["fr", "en"],
                   help="read every document as this language (default: the row's lang, else detected)")
    return p.parse_args(argv)


def column(batch: pa.Table, name: str) -> pa.ChunkedArray:
    """A string column of the input, all nulls when the input has none
    (pyarrow's JSON reader only makes the columns it sees)."""
    if name in batch.column_names:
        return pc.cast(batch.column(name), pa.string())
    return pa.chunked_array([pa.nulls(batch.num_rows, pa.string())])


def extract(batch: pa.Table, options: dict) -> pa.Table:
    # Ray reuses its worker processes across tasks: Extractor.shared builds the
    # extractor on a process's first batch and returns it on the next ones.
    # (A pool of actors would do too, but on a small machine it holds every
    # CPU and starves the read tasks that feed it.)
    ex = newsfacts.Extractor.shared(**options)
    batch = batch.filter(pc.is_valid(batch.column("text")))
    nested = ex.extract_arrow_nested(
        batch.column("text"), ids=column(batch, "id"), langs=column(batch, "lang"))
    table = pa.Table.from_batches([nested])
    return table.append_column("date", column(batch, "date"))


def documents(batch: pa.Table) -> pa.Table:
    return batch.drop_columns(list(TABLES))


def exploder(name):
    """The table `name` out of the nested documents: one row per list element,
    its struct fields as columns after the document's id as `doc_id`."""

    def explode(batch: pa.Table) -> pa.Table:
        lists = batch.column(name).combine_chunks()
        parents = pc.list_parent_indices(lists)
        elements = pc.list_flatten(lists)
        fields = [elements.type.field(i).name for i in range(elements.type.num_fields)]
        doc_id = pc.take(batch.column("id"), parents)
        columns = [doc_id] + [pc.struct_field(elements, [i]) for i in range(len(fields))]
        return pa.table(columns, schema=newsfacts.arrow_schema(name))

    return explode


def main(argv=None):
    args = parse_args(argv)
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
    if args.input.endswith((".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz")):
        ds = ray.data.read_json(args.input)
    else:
        ds = ray.data.read_parquet(args.input)
    options = {"gazetteers": args.gazetteer, "taxonomy": args.taxonomy, "lang": args.lang}
    docs = ds.map_batches(
        extract, fn_kwargs={"options": options}, batch_format="pyarrow", batch_size=args.batch_size
    ).materialize()  # four writes read it: extract once
    docs.map_batches(documents, batch_format="pyarrow").write_parquet(f"{args.output}/documents")
    for name in TABLES:
        docs.map_batches(exploder(name), batch_format="pyarrow").write_parquet(f"{args.output}/{name}")
    ray.shutdown()


if __name__ == "__main__":
    main()
