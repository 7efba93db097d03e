#!/usr/bin/env bash
# Measurements (not tests), on the test classpath after an offline test-compile:
#   bench/run.sh                 TopicBench: 10,000 BANKING77 queries clustered end to end, time per stage
#   bench/run.sh TopicQuality    NMI / ARI on BANKING77 and the CFPB narratives (-Dtopics.* in BENCH_OPTS;
#                                -Dtopics.umap=5: UMAP before HDBSCAN; -Dtopics.oracle=true: the election on a
#                                perfect Product clustering; -Dtopics.maxTokens=N: the MiniLM at another length;
#                                -Dtopics.encoder=bge: the sentiment base encoder instead, =pulse: the served
#                                sentiment model's features; -Dtopics.data=cfpb; -Dtopics.verbose=true: every topic)
#                                and the share of topics whose label shares a content word with their majority
#                                category, before (keyword triples) and after (key phrases; -Dtopics.labelMix=x keeps
#                                c-TF-IDF^x in the phrases' relevance, 0 = the default, cosine alone)
#   bench/run.sh DemoLabels [posts.jsonl]
#                                the demo's complaint reasons labelled before and after (posts from bench/demo-posts.sh)
#   bench/run.sh NlpBench [texts] [rounds] [threads]
#                                sentiment + NER (PulseTextModel.analyse), fp32 and int8, each beside a bare ONNX
#                                Runtime session on the same assembled graph, same tweets, batch 1, 8 and 32:
#                                texts/s, p50/p99, analyse/bare ratio, int8/fp32 speed-up, RSS; then ONNX Runtime
#                                thread settings (intra-op 1/2, 1 or 2 concurrent callers, parallel inter-op) and
#                                the micro-batcher's max-wait (16 callers of one text); then both precisions'
#                                quality on the four dev sets (nlp's QualityReport, about 80 s; -Dbench.skipQuality=true
#                                in BENCH_OPTS skips it); then RestFp32Bench and
#                                RestInt8Bench: the service itself (real Kafka + MariaDB test resources) through
#                                POST /api/v1/sentiment/batch and /sentiment, beside in-process calls
#                                (BENCH_REST=false skips them, BENCH_REST=only runs them alone; each REST pass stops
#                                after -Dbench.passSeconds=20 in BENCH_OPTS; -Dbench.skipThreads/-Dbench.skipBatcher=true in
#                                BENCH_OPTS skip those sections)
#   bench/run.sh ReferencePairBench [texts] [rounds] [threads]
#                                what int8 is worth on this CPU: issue 20's reference pair (bge-small-en-v1.5 fp32 and
#                                ONNX Runtime's own dynamic int8 of it, the published langchain4j graphs) beside
#                                pulse-text's served fp32 and int8 graphs, bare sessions taking turns on the same
#                                batches (1, 8, 32, 64): texts/s and int8/fp32 of both pairs
#   bench/run.sh RetrainBench [labels] ["epochs,lr,l2;..."]
#                                incremental head retraining on SemEval 2016-devtest labels: test macro recall per setting
# Needs ../shared/data (or BENCH_OPTS=-Dpulse.shared.data=/path). Runs from any directory, from a fresh clone: the
# sibling modules (common, nlp, stack) are compiled in the same reactor build (-am), nothing is installed.
# MVN_OFFLINE=-o (the default) builds offline; MVN_OFFLINE= lets Maven download what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
main="${1:-TopicBench}"
shift || true
# -am: the sibling modules (common, nlp, stack, topic-engine) come from their target folders, so this runs from a
# fresh clone without installing anything into ~/.m2 (MVN_OFFLINE= lets Maven download on a first build).
../mvnw -B ${MVN_OFFLINE--o} -q -f ../pom.xml -pl inference -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
pkg=bench
[ "$main" = TopicQuality ] && pkg=quality
# The class path goes through the environment: ONNX Runtime 1.29.0's native init crashes (SIGSEGV) when the
# JVM's command line is longer than about 4,000 characters.
export CLASSPATH="target/test-classes:target/classes:$(cat target/bench.cp)"
if [ "$main" = NlpBench ] && [ "${BENCH_REST:-true}" != false ]; then
    # BENCH_REST=only: the REST part alone
    [ "${BENCH_REST:-true}" = only ] || java -Dorg.jboss.logging.provider=jdk \
        -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/target/djl}" ${BENCH_OPTS:-} "io.retailpulse.inference.${pkg}.${main}" "$@"
    unset CLASSPATH
    rm -f target/rest-bench.txt
    # the same texts and rounds; surefire runs the two *Bench classes only when named (they are not tests)
    ../mvnw -B ${MVN_OFFLINE--o} -q -f ../pom.xml -pl inference -am test -Dtest='RestFp32Bench,RestInt8Bench' \
        -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true -Dbench.texts="${1:-512}" \
        -Dbench.rounds="${2:-3}" -DargLine="${BENCH_OPTS:-}" > target/rest-bench.log 2>&1 \
        || { tail -50 target/rest-bench.log; exit 1; }
    cat target/rest-bench.txt
    # int8 / fp32 per path (texts/s), from the two tables above
    # (the two services run one after the other: on a shared machine the load differs between them, so texts per
    # CPU-second is the ratio to trust there; on a quiet machine both should agree)
    awk -F'|' '/^(fp32|int8) /{gsub(/ +$/,"",$2); p=$1; gsub(/ /,"",p); r[p,$2]=$3; c[p,$2]=$4;
                               if (!(($2) in seen)) {seen[$2]=1; order[++n]=$2}}
        END {print "\nint8 / fp32 per path: texts/s (the two services ran one after the other; compare the load averages above), texts per CPU-second";
             for (i=1;i<=n;i++) if (r["fp32",order[i]]>0 && r["int8",order[i]]>0)
                 printf "  %-40s texts/s %6.1f / %6.1f = %5.2fx   per CPU-s %6.1f / %6.1f = %5.2fx\n", order[i],
                     r["int8",order[i]], r["fp32",order[i]], r["int8",order[i]]/r["fp32",order[i]],
                     c["int8",order[i]], c["fp32",order[i]], c["int8",order[i]]/c["fp32",order[i]]}' \
        target/rest-bench.txt
    exit 0
fi
exec java -Dorg.jboss.logging.provider=jdk -DDJL_CACHE_DIR="${DJL_CACHE_DIR:-$PWD/target/djl}" ${BENCH_OPTS:-} \
    "io.retailpulse.inference.${pkg}.${main}" "$@"
