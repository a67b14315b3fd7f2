#!/usr/bin/env bash
# A profile-guided build of the CLI, for deployments that want the last 10 %:
# an instrumented build extracts a training corpus (the bench generator with
# another seed than the measured corpus, so no measured document is trained
# on) and the shipped samples, then the release build uses the merged
# profile. Needs `rustup component add llvm-tools` (llvm-profdata of the
# same LLVM as rustc). The default build stays a plain `cargo build`.
#
# usage: benches/pgo.sh      prints the path of the built binary
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-target/bench-data}
gaz="$work/gaz-100k.tsv"
py="$work/venv/bin/python"
[ -f "$gaz" ] && [ -x "$py" ] || { echo "run benches/compare.sh first (it makes $gaz)" >&2; exit 1; }
profdata=$(ls "$(rustc --print sysroot)"/lib/rustlib/*/bin/llvm-profdata 2>/dev/null | head -n 1)
[ -x "$profdata" ] || { echo "llvm-profdata missing: rustup component add llvm-tools" >&2; exit 1; }

train="$work/corpus-train-5mb.jsonl"
[ -f "$train" ] || "$py" ../shared/bench/make_corpus.py corpus --mb 5 --seed 20261207 -o "$train"
data="$PWD/target/pgo-data"
rm -rf "$data"
RUSTFLAGS="-Cprofile-generate=$data" cargo build --release --quiet --bin newsfacts --target-dir target/pgo-gen
gen=target/pgo-gen/release/newsfacts
"$gen" extract --threads 1 --gazetteer "$gaz" "$train" > /dev/null
"$gen" extract --threads 1 examples/data/news.jsonl > /dev/null
"$profdata" merge -o "$data/merged.profdata" "$data"
RUSTFLAGS="-Cprofile-use=$data/merged.profdata" cargo build --release --quiet --bin newsfacts --target-dir target/pgo
echo target/pgo/release/newsfacts
