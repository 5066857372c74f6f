#!/usr/bin/env bash
# `make run`: Parley on a local single-node broker with sample news, events printed.
# Leaves the broker running (stop it with `.venv/bin/parley broker stop`); stops the worker.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.venv/bin
export KAFKA_BOOTSTRAP_SERVERS="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
export PARLEY_DATA_DIR="${PARLEY_DATA_DIR:-.parley/worker}"
# The sample spans fifteen years of reports; with the live default of 30 days of event
# time, a 2022 report read after a 2025 one would find its meeting already expired.
export PARLEY_DEDUP_WINDOW_DAYS="${PARLEY_DEDUP_WINDOW_DAYS:-36500}"
SAMPLE="${1:-deploy/local/sample-news.jsonl}"
mkdir -p .parley

port="${KAFKA_BOOTSTRAP_SERVERS##*:}"
"$BIN/parley" broker start --port "$port"
"$BIN/parley" topics create

"$BIN/parley" worker >.parley/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null || true' EXIT
echo "worker started (pid $worker, log .parley/worker.log)"

"$BIN/parley" feed "$SAMPLE"
echo "events on ${PARLEY_OUTPUT_TOPIC:-diplomatic.meetings} (waiting until none arrive for 20 s):"
"$BIN/parley" tail --idle-timeout 20 | "$BIN/python" -m parley.cli.pretty
