package io.retailpulse.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks one Kubernetes object against its API schema, strictly: an unknown field, a wrong type or an unknown
 * apiVersion/kind is a violation.
 *
 * <p>Built-in kinds are read into fabric8's Kubernetes model, which is generated from the Kubernetes OpenAPI schema:
 * a wrong type fails to bind, and a field the API does not have lands in a generated {@code additionalProperties}
 * map, which must stay empty everywhere. (The standalone-strict JSON schemas of yannh/kubernetes-json-schema say
 * the same but could not be vendored here: that repository is too large for this machine's mirror.) Custom
 * resources (Strimzi, KEDA, the Prometheus operator) are checked with their CRDs' JSON schemas, vendored under
 * {@code src/test/resources/schemas} (source and commit in its README.md), whose objects forbid additional
 * properties.
 */
final class Schemas {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<?>> BUILT_IN = Map.ofEntries(
            Map.entry("v1/Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1/Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
            Map.entry(
                    "autoscaling/v2/HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry(
                    "policy/v1/PodDisruptionBudget",
                    io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry(
                    "networking.k8s.io/v1/NetworkPolicy",
                    io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", io.fabric8.kubernetes.api.model.networking.v1.Ingress.class));
    private static final Map<String, String> CUSTOM = Map.of(
            "kafka.strimzi.io/v1beta2/Kafka", "kafka_v1beta2.json",
            "kafka.strimzi.io/v1beta2/KafkaNodePool", "kafkanodepool_v1beta2.json",
            "kafka.strimzi.io/v1beta2/KafkaTopic", "kafkatopic_v1beta2.json",
            "keda.sh/v1alpha1/ScaledObject", "scaledobject_v1alpha1.json",
            "monitoring.coreos.com/v1/ServiceMonitor", "servicemonitor_v1.json");
    private static final Map<String, JsonSchema> LOADED = new ConcurrentHashMap<>();

    private Schemas() {}

    /** The violations of {@code object}, each naming where; empty when it is valid. */
    static List<String> violations(JsonNode object) {
        String type =
                object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        String name = type + " " + object.path("metadata").path("name").asText();
        if (BUILT_IN.containsKey(type)) {
            Object bound;
            try {
                bound = JSON.treeToValue(object, BUILT_IN.get(type));
            } catch (IOException | IllegalArgumentException e) {
                return List.of(name + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(bound, "", unknown);
            return unknown.stream()
                    .map(path -> name + ": unknown field " + path)
                    .toList();
        }
        if (CUSTOM.containsKey(type)) {
            Set<ValidationMessage> messages = schema(CUSTOM.get(type)).validate(object);
            return messages.stream()
                    .map(m -> name + ": " + m.getMessage())
                    .sorted()
                    .toList();
        }
        return List.of(name + ": no schema for this apiVersion/kind (add it to Schemas)");
    }

    private static JsonSchema schema(String file) {
        return LOADED.computeIfAbsent(file, f -> {
            try (InputStream in = Schemas.class.getResourceAsStream("/schemas/" + f)) {
                JsonNode schema = JSON.readTree(in);
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Walks the bound model: every non-empty {@code additionalProperties} map is a field the API does not know. */
    private static void unknownFields(Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, found));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3))
                    + getter.getName().substring(4);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> found.add(path + "." + key));
                }
            } else {
                unknownFields(child, path + "." + field, found);
            }
        }
    }
}
