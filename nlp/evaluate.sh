#!/usr/bin/env bash
# Quality of the SERVED pulse-text model (ONNX Runtime through the nlp API) on the four dev sets; prints the
# figures and writes them into nlp/src/main/resources/models/pulse-text/{card.json,model-card.md}.
# Usage: nlp/evaluate.sh [--no-card]   (data from ../shared/data, override with -Dpulse.data=... in MAVEN_OPTS)
set -euo pipefail
cd "$(dirname "$0")/.."
CARD_ARGS="--card nlp/src/main/resources/models/pulse-text"
if [[ "${1:-}" == "--no-card" ]]; then CARD_ARGS=""; fi
./mvnw -o -q -pl nlp compile
./mvnw -o -q -pl nlp exec:java -Dexec.args="$CARD_ARGS"
