#!/usr/bin/env bash
# Quality of the SERVED pulse-text model (ONNX Runtime through the nlp API) on the four dev sets, fp32 and int8;
# prints the figures, int8 beside fp32 (the 0.5-point rule), and writes them into
# nlp/src/main/resources/models/pulse-text/{card.json,model-card.md}.
# Usage: nlp/evaluate.sh                       score both precisions of the committed artifacts and update the card
#        nlp/evaluate.sh --precision int8      one precision (the card keeps the other's figures)
#        nlp/evaluate.sh --no-card             only print
#        nlp/evaluate.sh --no-card --artifacts DIR   score a training checkpoint directory
# Data from ../shared/data (JAVA_OPTS=-Dpulse.data=... to move it). Needs no PyTorch. MVN_OFFLINE= (empty) lets
# Maven download what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS="--card nlp/src/main/resources/models/pulse-text"
if [[ "${1:-}" == "--no-card" ]]; then ARGS=""; shift; fi
./mvnw -B ${MVN_OFFLINE--o} -q -pl nlp compile dependency:build-classpath -Dmdep.outputFile=target/eval.cp
export CLASSPATH="nlp/target/classes:$(cat nlp/target/eval.cp)"
exec java -Xmx2g -Dorg.jboss.logging.provider=jdk ${JAVA_OPTS:-} io.retailpulse.nlp.eval.QualityReport $ARGS "$@"
