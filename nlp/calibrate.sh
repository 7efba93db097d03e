#!/usr/bin/env bash
# Static int8 calibration of pulse-text (Int8Plan): activation ranges of every encoder linear layer's input on
# training text (never the dev sets), optionally checked against fp32 on held-out text.
# Usage: nlp/calibrate.sh --check --percentiles 99.99,99.999,100     compare settings (held-out agreement with fp32)
#        nlp/calibrate.sh --write --percentiles 99.99                write int8-calibration.properties
#        --fp32 "layer11.ffn_out;layer11.ffn_out,layer10.ffn_out"   layer sets kept in fp32, one check each
#        --bias-correct                  also measure per-channel input means: int8 biases absorb the rounded
#                                        weights' expected error (with --write: int8-bias-correction.ptt)
#        nlp/calibrate.sh variants 32 2 fp32 int8 int8:pulse.q.mode=dynamic
#                                      speed of build variants side by side (Int8Variants: batch, rounds, variants)
# Data from ../shared/data (JAVA_OPTS=-Dpulse.data=... to move it).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B ${MVN_OFFLINE--o} -q -pl nlp compile dependency:build-classpath -Dmdep.outputFile=target/eval.cp
export CLASSPATH="nlp/target/classes:$(cat nlp/target/eval.cp)"
main=io.retailpulse.nlp.eval.Int8Calibrate
if [[ "${1:-}" == variants ]]; then main=io.retailpulse.nlp.eval.Int8Variants; shift; fi
exec java -Xmx2500m -Dorg.jboss.logging.provider=jdk ${JAVA_OPTS:-} "$main" "$@"
