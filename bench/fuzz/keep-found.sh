#!/usr/bin/env bash
# Keeps what a run of bench/fuzz/run.sh found: bench/fuzz/keep-found.sh TARGET [MAX_BYTES]
#
# Minimises afl-fuzz's queue of FUZZ_WORK/out/TARGET with afl-cmin (the fewest inputs that reach every edge it
# reached), keeps those of at most MAX_BYTES (default 4096) and stores them in bench/fuzz/found/TARGET/ (replacing
# what was there), named by their content hash, for FuzzCorpusTests to replay in CI. Run it after run.sh, with its
# app still in FUZZ_WORK.
set -euo pipefail

main() {
  if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: bench/fuzz/keep-found.sh TARGET [MAX_BYTES]" >&2
    exit 2
  fi
  target=$1
  max_bytes=${2:-4096}
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  work=${FUZZ_WORK:-/tmp/scheduler-fuzz}
  queue=$work/out/$target/default/queue
  app=$work/app/$target
  [[ -d $queue && -f $app/Scheduler.Fuzz.dll ]] || { echo "no run of $target in $work (bench/fuzz/run.sh first)" >&2; exit 1; }

  # afl-cmin refuses to work under /tmp, and wants the binary by its full path.
  scratch=$(mktemp -d "$HOME/.scheduler-cmin.XXXXXX")
  trap 'rm -rf "$scratch"' EXIT
  cp "$queue"/id:* "$scratch/" 2>/dev/null || true
  mkdir -p "$scratch/in" && mv "$scratch"/id:* "$scratch/in/"
  AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 DOTNET_GCHeapHardLimit=0x80000000 \
    afl-cmin -i "$scratch/in" -o "$scratch/min" -t 5000 -m none \
    -- "$(readlink -f "$(command -v dotnet)")" "$app/Scheduler.Fuzz.dll" "$target" >"$scratch/cmin.log" 2>&1 \
    || { tail -n 20 "$scratch/cmin.log" >&2; exit 1; }

  # The folder holds one run's findings: replace what an earlier run kept.
  out=$repo/bench/fuzz/found/$target
  rm -rf "$out"
  mkdir -p "$out"
  kept=0
  for file in "$scratch/min"/*; do
    [[ $(stat -c %s "$file") -le $max_bytes ]] || continue
    cp "$file" "$out/$(sha256sum "$file" | cut -c1-16)"
    kept=$((kept + 1))
  done
  echo "$target: afl-cmin kept $(ls "$scratch/min" | wc -l) of $(ls "$scratch/in" | wc -l) queue inputs; $kept of at most $max_bytes bytes are in bench/fuzz/found/$target"
}

main "$@"
