#!/usr/bin/env bash
# Writes the posts ./pulse demo sends (ingest's offline generator, seed 7, 300 posts, the demo catalog) to
# inference/target/demo-posts.jsonl for `bench/run.sh DemoLabels`. Compiles ingest (and what it needs) in one
# reactor build, installs nothing. Args: [count] [seed].
set -euo pipefail
cd "$(dirname "$0")/.."
../mvnw -B ${MVN_OFFLINE--o} -q -f ../pom.xml -pl ingest -am compile
mkdir -p target
java -cp ../ingest/target/classes:../common/target/classes bench/DemoPosts.java "$@" > target/demo-posts.jsonl
echo "$(wc -l < target/demo-posts.jsonl) posts in inference/target/demo-posts.jsonl"
