#!/usr/bin/env bash
# `make run`: Parley on a local single-node broker with sample news, events printed.
# Stops the worker at the end and leaves the broker running; the last lines say so,
# with the command that stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.venv/bin
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
export PARLEY_DATA_DIR="${PARLEY_DATA_DIR:-.parley/worker}"
# The sample spans fifteen years of reports; with the live default of 30 days of event
# time, a 2022 report read after a 2025 one would find its meeting already expired.
export PARLEY_DEDUP_WINDOW_DAYS="${PARLEY_DEDUP_WINDOW_DAYS:-36500}"
SAMPLE="${1:-deploy/local/sample-news.jsonl}"
OUTPUT_TOPIC="${PARLEY_OUTPUT_TOPIC:-diplomatic.meetings}"
DLQ_TOPIC="${PARLEY_DLQ_TOPIC:-news.articles.dlq}"
PAGE="http://127.0.0.1:${PARLEY_WEB_PORT:-6066}/"
mkdir -p .parley "$PARLEY_DATA_DIR"

port="${KAFKA_BOOTSTRAP_SERVERS##*:}"
# broker start prints the bootstrap address alone on stdout, for scripts; not needed here.
"$BIN/parley" broker start --port "$port" >/dev/null
"$BIN/parley" topics create

"$BIN/parley" worker >.parley/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT
echo "worker started (pid $worker, log .parley/worker.log); live page while it runs: $PAGE"

# Only what this run publishes: the topics keep the records of earlier runs.
since="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
"$BIN/parley" feed "$SAMPLE"
fed="$(grep -c '[^[:space:]]' "$SAMPLE" || true)"
echo
echo "events on $OUTPUT_TOPIC (waiting until none arrive for 20 s):"
# Printed as they come, and kept for the counts below.
"$BIN/parley" tail --since "$since" --idle-timeout 20 | tee .parley/events.jsonl |
  "$BIN/python" -m parley.cli.pretty
"$BIN/parley" tail --topic "$DLQ_TOPIC" --since "$since" --idle-timeout 3 >.parley/dead-letters.jsonl
if [ -s .parley/dead-letters.jsonl ]; then
  echo
  echo "dead letters on $DLQ_TOPIC (inputs set aside, with the reason):"
  "$BIN/python" -m parley.cli.pretty <.parley/dead-letters.jsonl
fi

records="$(grep -c . .parley/events.jsonl || true)"
# An event merged into another one ends on a record with merged_into: not counted.
events="$("$BIN/python" -c '
import sys, orjson
last = {}
for line in open(sys.argv[1], "rb"):
    if line.strip():
        record = orjson.loads(line)
        last[record["event_id"]] = record
print(sum(1 for r in last.values() if not r.get("merged_into")))' .parley/events.jsonl)"
dead="$(grep -c . .parley/dead-letters.jsonl || true)"
note=""
if [ "$events" = 0 ] && [ "$fed" != 0 ]; then
  # The worker remembers articles it has seen (idempotency): a second run of the same
  # sample publishes nothing new.
  note="; these articles were fed before: \`$BIN/parley tail --from-beginning\` shows the events"
fi
cat <<SUMMARY

summary
  articles fed    $fed (from $SAMPLE)
  events          $events ($records records on $OUTPUT_TOPIC, created and updated)$note
  dead letters    $dead (on $DLQ_TOPIC)
  live page       $PAGE (served while the worker ran; it stops with this script)
  records kept    .parley/events.jsonl, .parley/dead-letters.jsonl; worker log .parley/worker.log
The broker is still running on $KAFKA_BOOTSTRAP_SERVERS. Stop it with:
  $BIN/parley broker stop --port $port
SUMMARY
