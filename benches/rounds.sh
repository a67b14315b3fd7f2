#!/usr/bin/env bash
# Ratios per round: the naive floor, `newsfacts extract --threads 1` and
# `--threads 2` run back to back, N times, on the bench corpus and its 100k
# gazetteer (prepared by compare.sh). On a noisy machine a best of runs can
# pair a fast minute of one process with a slow minute of another; the
# runs of one round share their minute, so the median of the per-round
# ratios is the steadier figure.
#
# usage: benches/rounds.sh [MB] [ROUNDS]     (defaults: 50 MB, 9 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-50}
rounds=${2:-9}
work=${BENCH_DIR:-target/bench-data}
gaz="$work/gaz-100k.tsv"
corpus="$work/corpus-${mb}mb.jsonl"
[ -f "$gaz" ] && [ -f "$corpus" ] || { echo "run benches/compare.sh $mb first (it makes $corpus)" >&2; exit 1; }

cargo build --release --quiet --bin newsfacts --example naive_floor
bin=target/release/newsfacts
floor=target/release/examples/naive_floor

wall() { # command...: wall seconds and peak RSS (KB)
  { /usr/bin/time -f "%e %M" "$@" > /dev/null; } 2>&1 | tail -n 1
}

for ((i = 0; i < rounds; i++)); do
  echo "$(wall "$floor" "$gaz" "$corpus") $(wall "$bin" extract --threads 1 --gazetteer "$gaz" "$corpus") $(wall "$bin" extract --threads 2 --gazetteer "$gaz" "$corpus")"
done | awk '
  { f[NR] = $1; one[NR] = $3; two[NR] = $5; rss1[NR] = $4; rss2[NR] = $6
    printf "round %d: floor %.2f s, 1 worker %.2f s (%.2f), 2 workers %.2f s (%.2f), 2 workers %.2fx 1\n",
      NR, $1, $3, $1 / $3, $5, $1 / $5, $3 / $5 }
  function median(a, n,   i, j, t, b) {
    for (i = 1; i <= n; i++) b[i] = a[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
    return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
  }
  END {
    for (i = 1; i <= NR; i++) { r1[i] = f[i] / one[i]; r2[i] = f[i] / two[i]; s[i] = one[i] / two[i] }
    printf "medians per round: floor / 1 worker %.2f, floor / 2 workers %.2f, 2 workers %.2fx 1 worker\n",
      median(r1, NR), median(r2, NR), median(s, NR)
    printf "peak RSS (MB): 1 worker %.0f, 2 workers %.0f (medians)\n", median(rss1, NR) / 1024, median(rss2, NR) / 1024
  }'
