#!/usr/bin/env bash
# Fuzzes one reader with AFL++ and SharpFuzz: bench/fuzz/run.sh TARGET SECONDS
#
# TARGET is one of problem-msgpack, problem-json, schedule, checkpoint, curtois-qu, frames (bench/fuzz/README.md says what
# each reads). Installs afl++ (Debian) and the sharpfuzz tool if they are missing, publishes bench/Scheduler.Fuzz,
# instruments Scheduler.Formats.dll, Scheduler.Core.dll and Scheduler.Service.dll, then runs afl-fuzz for SECONDS seconds from the seeds in
# bench/fuzz/corpus/TARGET and prints executions, paths, crashes and hangs. Crash and hang inputs are copied to
# bench/fuzz/crashes/TARGET/ (ignored by git) to be turned into regression files.
#
# Environment: FUZZ_WORK (default /tmp/scheduler-fuzz) holds the tools, the published harness and afl-fuzz's output
# (FUZZ_WORK/out/TARGET); FUZZ_HEAP_MB (default 2048) is the memory cap; FUZZ_TIMEOUT_MS (default 1000) the hang
# threshold.
set -euo pipefail

# All in a function, so that bash has read the whole script before it runs: editing it during a run is safe.
main() {

  targets="problem-msgpack problem-json schedule checkpoint curtois-qu frames"
  if [[ $# -ne 2 || ! " $targets " == *" $1 "* || ! $2 =~ ^[0-9]+$ ]]; then
    echo "usage: bench/fuzz/run.sh TARGET SECONDS   (TARGET: ${targets// /, })" >&2
    exit 2
  fi
  target=$1
  seconds=$2

  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  work=${FUZZ_WORK:-/tmp/scheduler-fuzz}
  heap_mb=${FUZZ_HEAP_MB:-2048}
  default_timeout_ms=1000
  [[ $target == frames ]] && default_timeout_ms=5000
  timeout_ms=${FUZZ_TIMEOUT_MS:-$default_timeout_ms}
  app=$work/app/$target
  out=$work/out/$target
  tools=$work/tools
  mkdir -p "$work" "$tools"

  if ! command -v afl-fuzz >/dev/null; then
    echo "installing afl++" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
  fi

  if [[ ! -x $tools/sharpfuzz ]]; then
    echo "installing the sharpfuzz tool into $tools" >&2
    dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
  fi

  # One publish at a time: two runs started together share the projects' obj folders.
  (
    flock 9
    echo "publishing bench/Scheduler.Fuzz into $app" >&2
    rm -rf "$app"
    dotnet publish "$repo/bench/Scheduler.Fuzz/Scheduler.Fuzz.csproj" -c Release -o "$app" --nologo -v quiet >/dev/null
  ) 9>"$work/publish.lock"

  # The readers and the model they validate against; MessagePack and the BCL stay uninstrumented (their branches
  # would drown ours).
  for dll in Scheduler.Formats.dll Scheduler.Core.dll Scheduler.Service.dll; do
    "$tools/sharpfuzz" "$app/$dll" >/dev/null
  done

  # afl-fuzz runs `dotnet`, which has no AFL instrumentation of its own (SharpFuzz reports the coverage), on a machine
  # that may be shared: skip those checks, pin no core, and draw no screen.
  export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
  export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1
  # The memory cap. afl-fuzz's -m limits address space, which .NET reserves by the tens of gigabytes at start whatever
  # it uses, so -m stays off and the cap is the GC's hard heap limit: a managed heap past it is an OutOfMemoryException,
  # which the harness does not catch, so afl-fuzz records a crash.
  export DOTNET_GCHeapHardLimit=$(printf '0x%x' $((heap_mb * 1024 * 1024)))
  # Tiered compilation would recompile hot reader code mid-run; with it off every execution runs the same code.
  export DOTNET_TieredCompilation=0

  rm -rf "$out"
  mkdir -p "$out"
  echo "fuzzing $target for $seconds s (timeout ${timeout_ms} ms, heap cap ${heap_mb} MiB), output in $out" >&2
  status=0
  afl-fuzz -i "$repo/bench/fuzz/corpus/$target" -o "$out" -t "$timeout_ms" -m none -V "$seconds" \
    -- dotnet "$app/Scheduler.Fuzz.dll" "$target" --warm-up "$repo/bench/fuzz/corpus/$target" >"$work/$target.log" 2>&1 || status=$?
  if [[ $status -ne 0 ]]; then
    tail -n 30 "$work/$target.log" >&2
    echo "afl-fuzz exited with $status (log: $work/$target.log)" >&2
    exit "$status"
  fi

  stats=$out/default/fuzzer_stats
  stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
  echo "target:       $target"
  echo "seconds:      $(( $(stat last_update) - $(stat start_time) ))"
  echo "executions:   $(stat execs_done)"
  echo "execs/s:      $(stat execs_per_sec)"
  echo "paths:        $(stat corpus_count)"
  echo "crashes:      $(stat saved_crashes)"
  echo "hangs:        $(stat saved_hangs)"

  found=0
  for kind in crashes hangs; do
    for file in "$out/default/$kind"/id:*; do
      [[ -e $file ]] || continue
      mkdir -p "$repo/bench/fuzz/crashes/$target"
      cp "$file" "$repo/bench/fuzz/crashes/$target/$kind-$(basename "$file" | tr ':,' '__')"
      found=$((found + 1))
    done
  done
  if [[ $found -gt 0 ]]; then
    echo "$found crash/hang inputs copied to bench/fuzz/crashes/$target/; replay one with:"
    echo "  dotnet $app/Scheduler.Fuzz.dll $target --replay bench/fuzz/crashes/$target"
  fi
}

main "$@"
