#!/usr/bin/env bash
# The cost of --segment-by (docs/segments.md): whole bin/modelwatch reference and backfill processes over the same
# logs without segments and with SEGMENTS segments, each under /usr/bin/time -v: wall time, CPU time (user + sys,
# less moved by other processes than the wall time on a shared machine), peak RSS; the load average before each.
# The pairs run interleaved REPEAT times. Usage: tools/bench/segments-cost.sh [WORKDIR]
# (env: FEATURES, CATEGORICAL, EVENTS, SEGMENTS, PARALLELISM, FILES, REPEAT).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mw="$root/bin/modelwatch"
work="${1:-modelwatch-bench/segments}"
features="${FEATURES:-50}" categorical="${CATEGORICAL:-5}" events="${EVENTS:-100000}"
segments="${SEGMENTS:-20}" parallelism="${PARALLELISM:-2}" files="${FILES:-2}" repeat="${REPEAT:-2}"
mkdir -p "$work"
"$mw" --help >/dev/null 2>&1 # the class-data archive of a new build is written here, not in a measured run
gen() { # DIR FROM TO
  [[ -d "$work/$1" ]] || "$mw" generate --output "$work/$1" --features "$features" --categorical "$categorical" \
    --events "$events" --segments "$segments" --files "$files" --from "$2" --to "$3" --seed 5 >/dev/null 2>&1
}
gen ref 2026-11-24 2026-11-25
gen cur 2026-11-25 2026-11-26
timed() { # NAME ARGS...
  local name=$1; shift
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -v -o "$work/$name.time" "$mw" "$@" >"$work/$name.out" 2>"$work/$name.err"
  local wall user sys rss
  wall=$(grep 'Elapsed (wall clock)' "$work/$name.time" | awk '{print $NF}')
  user=$(grep 'User time' "$work/$name.time" | awk '{print $NF}')
  sys=$(grep 'System time' "$work/$name.time" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/$name.time" | awk '{print $NF}')
  printf '| %s | %s | %.0f | %d | %s |\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024)) "$load"
}
seg=(--segment-by features.segment --max-segments "$segments")
echo "features $features numeric + $categorical categorical (+ segment), $events events per side, $segments segments, parallelism $parallelism, $(nproc) cores"
echo "| run | wall (m:s) | CPU (s) | peak RSS (MB) | load before (1, 5, 15 min) |"
echo "|---|---|---|---|---|"
for r in $(seq 1 "$repeat"); do
  rm -rf "$work/snap-none" "$work/snap-seg"
  timed "reference-none-$r" reference --input "$work/ref" --output "$work/snap-none" --parallelism "$parallelism"
  timed "reference-seg-$r" reference --input "$work/ref" --output "$work/snap-seg" --parallelism "$parallelism" "${seg[@]}"
  timed "backfill-none-$r" backfill --input "$work/cur" --reference "$work/snap-none" --from 2026-11-25 --to 2026-11-26 \
    --window 1h --parallelism "$parallelism" --sink "file:$work/none.lp" --dead-letter "$work/none-dead.jsonl"
  timed "backfill-seg-$r" backfill --input "$work/cur" --reference "$work/snap-seg" --from 2026-11-25 --to 2026-11-26 \
    --window 1h --parallelism "$parallelism" --sink "file:$work/seg.lp" --dead-letter "$work/seg-dead.jsonl" "${seg[@]}"
done
printf 'points: %d without segments, %d with; snapshot folder: %s without, %s with\n' \
  "$(wc -l <"$work/none.lp")" "$(wc -l <"$work/seg.lp")" "$(du -sh "$work/snap-none" | cut -f1)" "$(du -sh "$work/snap-seg" | cut -f1)"
