package io.retailpulse.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retailpulse.common.events.Topics;
import io.retailpulse.stack.StackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests, checked without a cluster: each kustomization renders (every resource and patch
 * exists), every object of every rendering and every file is valid against its API schema (strict), and the
 * project's rules hold: probes on real health paths, ports as the services and INTERFACES.md have them, every
 * environment variable a real configuration key of its service, a KafkaTopic for every topic, autoscaling capped at
 * the partition counts, hardened pods, and a dashboard that only queries metrics the services expose.
 */
class ManifestsTest {
    static final Path K8S = Path.of("").toAbsolutePath();
    static final Path ROOT = K8S.getParent();
    static final List<String> SERVICES = List.copyOf(StackConfig.DEFAULT_SERVICE_PORTS.keySet());
    static final List<String> OVERLAYS = List.of("base", "overlays/dev", "overlays/prod");
    /** The forecast work topic of issue 18 (docs/events.md); forecasting's consumer of it is another change. */
    static final String FORECAST_WORK = "forecasting.work";

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void everyKustomizationRendersAndEveryObjectMatchesItsSchemaStrictly(String dir) {
        List<ObjectNode> objects = Kustomize.render(K8S.resolve(dir));
        assertTrue(objects.size() > 30, dir + " renders " + objects.size() + " objects");
        List<String> violations =
                objects.stream().flatMap(o -> Schemas.violations(o).stream()).toList();
        assertEquals(List.of(), violations, dir);
        Set<String> names = new HashSet<>();
        for (ObjectNode object : objects) {
            String key = object.path("kind").asText() + "/"
                    + object.path("metadata").path("name").asText();
            assertTrue(names.add(key), dir + " renders " + key + " twice");
        }
    }

    @Test
    void everyManifestFileOnItsOwnMatchesItsSchema() throws IOException {
        List<String> violations = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(K8S)
                .filter(p -> !p.startsWith(K8S.resolve("src"))
                        && !p.startsWith(K8S.resolve("target"))
                        && p.toString().endsWith(".yaml")
                        && !p.getFileName().toString().equals("kustomization.yaml"))) {
            for (Path file : files.toList()) {
                boolean patch = file.startsWith(K8S.resolve("overlays"));
                for (ObjectNode object : Kustomize.readAll(file)) {
                    checked++;
                    if (!patch) {
                        violations.addAll(Schemas.violations(object).stream()
                                .map(v -> K8S.relativize(file) + ": " + v)
                                .toList());
                    }
                }
            }
        }
        assertTrue(checked > 30, "files checked: " + checked);
        assertEquals(List.of(), violations);
    }

    @Test
    void theValidatorRejectsUnknownFieldsWrongTypesAndUnknownKinds() throws IOException {
        ObjectNode deployment = find(Kustomize.render(K8S.resolve("base")), "Deployment", "inference");
        ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
        container.put("imagePullPolicyy", "Always");
        assertEquals(
                List.of("apps/v1/Deployment inference: unknown field .spec.template.spec.containers[0]"
                        + ".imagePullPolicyy"),
                Schemas.violations(deployment));

        ObjectNode hpa = find(Kustomize.render(K8S.resolve("base")), "HorizontalPodAutoscaler", "ingest");
        ((ObjectNode) hpa.get("spec")).put("maxReplicas", "many");
        assertFalse(Schemas.violations(hpa).isEmpty(), "a string where the API wants an integer");

        ObjectNode topic = find(Kustomize.render(K8S.resolve("base")), "KafkaTopic", "feedback-raw");
        ((ObjectNode) topic.get("spec")).put("partitionz", 3);
        assertFalse(Schemas.violations(topic).isEmpty(), "an unknown field of a custom resource");

        ObjectNode scaled = find(Kustomize.render(K8S.resolve("base")), "ScaledObject", "inference");
        ((ObjectNode) scaled.get("spec")).put("maxReplicaCount", "twelve");
        assertFalse(Schemas.violations(scaled).isEmpty(), "a wrong type in a custom resource");

        ObjectNode unknown =
                new ObjectMapper().createObjectNode().put("apiVersion", "v1").put("kind", "Pood");
        assertFalse(Schemas.violations(unknown).isEmpty(), "an unknown kind");
    }

    @Test
    void probesUseTheServicesHealthEndpointsAndPortsMatchTheServices() throws IOException {
        List<ObjectNode> objects = Kustomize.render(K8S.resolve("base"));
        for (String docker : List.of("Dockerfile.native", "Dockerfile.jvm")) {
            assertTrue(
                    Files.readString(ROOT.resolve("src/main/docker").resolve(docker))
                            .contains("QUARKUS_HTTP_PORT=8080"),
                    docker + " makes every service listen on 8080 in its container");
        }
        for (String service : SERVICES) {
            assertTrue(
                    Files.readString(ROOT.resolve(service).resolve("pom.xml")).contains("quarkus-smallrye-health"),
                    service + " serves /q/health/*");
            assertFalse(
                    properties(service).keySet().stream()
                            .anyMatch(k -> k.contains("smallrye-health.root-path")
                                    || k.equals("quarkus.http.non-application-root-path")),
                    service + " keeps /q/health");
            JsonNode pod = workload(objects, service).at("/spec/template/spec");
            JsonNode container = pod.at("/containers/0");
            assertEquals(service, container.path("name").asText());
            assertEquals(8080, container.at("/ports/0/containerPort").asInt(), service + " container port");
            assertEquals("http", container.at("/ports/0/name").asText());
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                String path = container.path(probe).at("/httpGet/path").asText();
                assertTrue(
                        Set.of("/q/health/live", "/q/health/ready", "/q/health/started")
                                .contains(path),
                        service + " " + probe + " on " + path);
                assertEquals("http", container.path(probe).at("/httpGet/port").asText(), service + " " + probe);
            }
            assertEquals(
                    "/q/health/ready",
                    container.at("/readinessProbe/httpGet/path").asText());
            ObjectNode svc = find(objects, "Service", service);
            assertEquals(
                    (int) StackConfig.DEFAULT_SERVICE_PORTS.get(service),
                    svc.at("/spec/ports/0/port").asInt(),
                    service + "'s Service port is its port in INTERFACES.md");
            assertEquals("http", svc.at("/spec/ports/0/targetPort").asText());
            assertEquals(
                    service,
                    svc.at("/spec/selector").path("app.kubernetes.io/name").asText());
        }
    }

    @Test
    void everyEnvironmentVariableTheManifestsSetIsAConfigKeyOfItsService() throws IOException {
        List<ObjectNode> objects = Kustomize.render(K8S.resolve("base"));
        Set<String> secretKeys = new TreeSet<>();
        Kustomize.readAll(K8S.resolve("secret.example.yaml"))
                .forEach(s -> s.path("stringData").fieldNames().forEachRemaining(secretKeys::add));
        Map<String, List<String>> unknown = new LinkedHashMap<>();
        for (String service : SERVICES) {
            ConfigKeys keys = ConfigKeys.of(ROOT, service);
            JsonNode container = workload(objects, service).at("/spec/template/spec/containers/0");
            List<String> set = new ArrayList<>();
            container.path("env").forEach(e -> set.add(e.path("name").asText()));
            for (JsonNode source : container.path("envFrom")) {
                if (source.has("configMapRef")) {
                    find(objects, "ConfigMap", source.at("/configMapRef/name").asText())
                            .path("data")
                            .fieldNames()
                            .forEachRemaining(set::add);
                } else if (source.at("/secretRef/name").asText().equals("retail-pulse-secrets")) {
                    set.addAll(secretKeys);
                }
            }
            assertTrue(set.contains("KAFKA_BOOTSTRAP_SERVERS") && set.contains("PULSE_DB_URL"), service + ": " + set);
            List<String> bad = set.stream().filter(name -> !keys.knows(name)).toList();
            if (!bad.isEmpty()) {
                unknown.put(service, bad);
            }
        }
        assertEquals(Map.of(), unknown, "environment variables that are no configuration key of the service");
        assertFalse(ConfigKeys.of(ROOT, "ingest").knows("PULSE_INGEST_SPOOL_DIRECTORY"), "a typo is caught");
        assertTrue(ConfigKeys.of(ROOT, "ingest").knows("PULSE_INGEST_SPOOL_DIR"), "a @ConfigMapping key is known");
    }

    @Test
    void everyTopicAndItsDeadLetterTwinHasAKafkaTopicAndNothingElseDoes() {
        Set<String> expected = new TreeSet<>(Topics.all());
        expected.add(Topics.CATALOG);
        expected.add(FORECAST_WORK);
        expected.add(Topics.dlq(FORECAST_WORK));
        Set<String> declared = new TreeSet<>();
        for (ObjectNode topic : kind(Kustomize.render(K8S.resolve("base")), "KafkaTopic")) {
            declared.add(topic.at("/spec/topicName").asText());
            assertEquals(
                    "retail-pulse",
                    topic.at("/metadata/labels").path("strimzi.io/cluster").asText());
            assertTrue(
                    topic.at("/spec/config").has("cleanup.policy"),
                    topic.at("/spec/topicName").asText());
        }
        assertEquals(expected, declared);
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/dev", "overlays/prod"})
    void kedaScalesOnTheLagOfGroupsTheServicesUseAndNeverBeyondThePartitions(String dir) throws IOException {
        List<ObjectNode> objects = Kustomize.render(K8S.resolve(dir));
        Map<String, Integer> partitions = new LinkedHashMap<>();
        kind(objects, "KafkaTopic")
                .forEach(t -> partitions.put(
                        t.at("/spec/topicName").asText(),
                        t.at("/spec/partitions").asInt()));
        List<ObjectNode> scaled = kind(objects, "ScaledObject");
        assertEquals(
                Set.of("inference", "forecasting"),
                Set.copyOf(scaled.stream()
                        .map(s -> s.at("/spec/scaleTargetRef/name").asText())
                        .toList()));
        for (ObjectNode object : scaled) {
            String service = object.at("/spec/scaleTargetRef/name").asText();
            workload(objects, service);
            Map<String, String> groups = ConfigKeys.of(ROOT, service).consumerGroupsByTopic();
            int max = object.at("/spec/maxReplicaCount").asInt();
            for (JsonNode trigger : object.at("/spec/triggers")) {
                assertEquals("kafka", trigger.path("type").asText());
                String topic = trigger.at("/metadata/topic").asText();
                String group = trigger.at("/metadata/consumerGroup").asText();
                assertTrue(
                        partitions.containsKey(topic), service + " scales on " + topic + ", which has no KafkaTopic");
                assertTrue(
                        max <= partitions.get(topic),
                        dir + ": " + service + " max " + max + " replicas but " + topic + " has "
                                + partitions.get(topic) + " partitions");
                assertEquals("false", trigger.at("/metadata/allowIdleConsumers").asText());
                if (groups.containsKey(topic)) {
                    assertEquals(
                            groups.get(topic), group, service + " reads " + topic + " in group " + groups.get(topic));
                } else {
                    assertEquals(FORECAST_WORK, topic, service + " does not consume " + topic + " (" + groups + ")");
                }
            }
        }
        for (ObjectNode hpa : kind(objects, "HorizontalPodAutoscaler")) {
            assertEquals("cpu", hpa.at("/spec/metrics/0/resource/name").asText());
        }
        assertEquals(
                Set.of("analytics-api", "ingest"),
                Set.copyOf(kind(objects, "HorizontalPodAutoscaler").stream()
                        .map(h -> h.at("/spec/scaleTargetRef/name").asText())
                        .toList()));
    }

    @Test
    void prodRunsThreeBrokersWithReplicationThreeAndMinInsyncTwoOnEveryTopic() {
        List<ObjectNode> prod = Kustomize.render(K8S.resolve("overlays/prod"));
        assertEquals(
                3, find(prod, "KafkaNodePool", "dual-role").at("/spec/replicas").asInt());
        JsonNode config = find(prod, "Kafka", "retail-pulse").at("/spec/kafka/config");
        assertEquals(3, config.path("default.replication.factor").asInt());
        assertEquals(2, config.path("min.insync.replicas").asInt());
        assertEquals(3, config.path("offsets.topic.replication.factor").asInt());
        assertEquals(3, config.path("transaction.state.log.replication.factor").asInt());
        assertEquals(2, config.path("transaction.state.log.min.isr").asInt());
        for (ObjectNode topic : kind(prod, "KafkaTopic")) {
            assertEquals(
                    3,
                    topic.at("/spec/replicas").asInt(),
                    topic.at("/spec/topicName").asText());
            assertEquals(
                    "2", topic.at("/spec/config").path("min.insync.replicas").asText());
        }
        List<ObjectNode> dev = Kustomize.render(K8S.resolve("overlays/dev"));
        assertEquals(
                1, find(dev, "KafkaNodePool", "dual-role").at("/spec/replicas").asInt());
        assertEquals(
                "ephemeral",
                find(dev, "KafkaNodePool", "dual-role").at("/spec/storage/type").asText());
        assertFalse(find(dev, "KafkaNodePool", "dual-role").at("/spec/storage").has("volumes"));
    }

    @Test
    void everyWorkloadIsHardenedSizedDisruptionBudgetedAndFenced() {
        List<ObjectNode> objects = Kustomize.render(K8S.resolve("overlays/prod"));
        for (String service : SERVICES) {
            ObjectNode workload = workload(objects, service);
            JsonNode pod = workload.at("/spec/template/spec");
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(), service);
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), service);
            for (JsonNode container : pod.path("containers")) {
                assertTrue(
                        container.at("/securityContext/readOnlyRootFilesystem").asBoolean(), service);
                assertFalse(
                        container
                                .at("/securityContext/allowPrivilegeEscalation")
                                .asBoolean(true),
                        service);
                assertEquals(
                        "ALL",
                        container.at("/securityContext/capabilities/drop/0").asText(),
                        service);
                for (String path :
                        List.of("/resources/requests/cpu", "/resources/requests/memory", "/resources/limits/memory")) {
                    assertFalse(container.at(path).asText().isEmpty(), service + path);
                }
                String tmp = null;
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (mount.path("mountPath").asText().equals("/tmp")) {
                        tmp = mount.path("name").asText();
                    }
                }
                assertTrue(tmp != null, service + " mounts a writable /tmp (ONNX Runtime, DJL, Vert.x unpack there)");
                String volume = tmp;
                assertTrue(
                        Stream.of(pod.path("volumes"))
                                .flatMap(v -> {
                                    List<JsonNode> all = new ArrayList<>();
                                    v.forEach(all::add);
                                    return all.stream();
                                })
                                .anyMatch(v -> v.path("name").asText().equals(volume) && v.has("emptyDir")),
                        service);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            workload.at("/spec/template/metadata/labels")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            assertTrue(
                    kind(objects, "PodDisruptionBudget").stream()
                            .anyMatch(p -> selects(p.at("/spec/selector"), labels)),
                    service + " has a PodDisruptionBudget");
            assertTrue(
                    kind(objects, "NetworkPolicy").stream()
                            .anyMatch(p ->
                                    !p.at("/spec/podSelector").isEmpty() && selects(p.at("/spec/podSelector"), labels)),
                    service + " has an ingress NetworkPolicy");
            assertFalse(workload.at("/spec").has("replicas"), service + ": replicas belong to its autoscaler");
        }
        assertTrue(
                kind(objects, "NetworkPolicy").stream()
                        .anyMatch(p -> p.at("/spec/podSelector").isEmpty()
                                && p.at("/spec/policyTypes/0").asText().equals("Ingress")
                                && !p.at("/spec").has("ingress")),
                "a default deny of ingress");
        JsonNode monitor = find(objects, "ServiceMonitor", "retail-pulse").at("/spec/endpoints/0");
        assertEquals("/q/metrics", monitor.path("path").asText());
        assertEquals("http", monitor.path("port").asText());
    }

    @Test
    void theDashboardQueriesOnlyMetricsTheServicesExpose() throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(K8S.resolve("base/dashboards/retail-pulse.json").toFile());
        Set<String> exposed = new HashSet<>(Set.of("up")); // Prometheus' own per-target metric
        for (String service : SERVICES) {
            Files.readAllLines(K8S.resolve("src/test/resources/metrics/" + service + ".txt")).stream()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .forEach(exposed::add);
        }
        String sources = MetricSources.allMainSources(ROOT, SERVICES);
        Pattern metric = Pattern.compile("([a-z_:][a-z0-9_:]*)\\s*\\{");
        Set<String> used = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertTrue(
                used.containsAll(Set.of(
                        "ingest_rows_total",
                        "kafka_consumer_fetch_manager_records_lag_max",
                        "sentiment_prediction_duration_seconds_bucket",
                        "sentiment_predictions_total",
                        "forecasting_run_phase_seconds_count")),
                used.toString());
        List<String> unknown = used.stream()
                .filter(name -> !exposed.contains(name) && !MetricSources.registeredIn(sources, name))
                .toList();
        assertEquals(List.of(), unknown, "metrics no service exposes");
    }

    // --- helpers

    static Map<String, String> properties(String service) throws IOException {
        return ConfigKeys.properties(ROOT.resolve(service).resolve("src/main/resources/application.properties"));
    }

    static ObjectNode workload(List<ObjectNode> objects, String service) {
        return objects.stream()
                .filter(o -> Set.of("Deployment", "StatefulSet")
                                .contains(o.path("kind").asText())
                        && o.at("/metadata/name").asText().equals(service))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment or StatefulSet " + service));
    }

    static ObjectNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static List<ObjectNode> kind(List<ObjectNode> objects, String kind) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .toList();
    }

    /** A label selector (matchLabels, matchExpressions with In) that selects {@code labels}. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        boolean[] all = {true};
        selector.path("matchLabels")
                .fields()
                .forEachRemaining(e -> all[0] &= e.getValue().asText().equals(labels.get(e.getKey())));
        for (JsonNode expression : selector.path("matchExpressions")) {
            assertEquals("In", expression.path("operator").asText());
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            all[0] &= values.contains(labels.get(expression.path("key").asText()));
        }
        return all[0];
    }
}
