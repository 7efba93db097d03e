#!/usr/bin/env bash
# Quality of the SERVED pulse-text model (ONNX Runtime through the nlp API) on the four dev sets; prints the
# figures and writes them into nlp/src/main/resources/models/pulse-text/{card.json,model-card.md}.
# Usage: nlp/evaluate.sh                       score the committed artifacts and update the card
#        nlp/evaluate.sh --no-card             only print
#        nlp/evaluate.sh --no-card --artifacts DIR   score a training checkpoint directory
# Data from ../shared/data (MAVEN_OPTS=-Dpulse.data=... to move it). Needs no PyTorch.
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS="--card nlp/src/main/resources/models/pulse-text"
if [[ "${1:-}" == "--no-card" ]]; then ARGS=""; shift; fi
ARGS="$ARGS $*"
./mvnw -o -q -pl nlp compile
./mvnw -o -q -pl nlp exec:java -Dexec.args="$ARGS"
