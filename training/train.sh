#!/usr/bin/env bash
# Fine-tunes pulse-text (LoRA + heads on bge-small-en-v1.5, DJL PyTorch engine) on ../shared/data and writes the
# small artifacts into nlp/src/main/resources/models/pulse-text/. Then run nlp/evaluate.sh for the model card.
# Usage: training/train.sh [-Dtrain.minutes=95] [-Dtrain.base=bge|minilm] [-Dtrain.rank=8] [-Dtrain.firstLayer=0] ...  (see Train.java)
# Needs the 448 MB PyTorch jar (resolved by Maven on first use) and about 3 GB of RAM.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -o -q -pl nlp install -DskipTests
export MAVEN_OPTS="${MAVEN_OPTS:-} -Xmx6g -Dai.djl.offline=true"
# two intra-op threads (the machine is shared); idle threads sleep instead of spinning
export OMP_WAIT_POLICY=PASSIVE
# compile first: exec:java alone would run stale (or, on a fresh clone, missing) classes
exec ./mvnw -o -q -Ptraining -pl training compile exec:java -Dexec.mainClass=io.retailpulse.training.Train "$@"
