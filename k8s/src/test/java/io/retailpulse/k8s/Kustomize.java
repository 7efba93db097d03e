package io.retailpulse.k8s;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomization as {@code kubectl kustomize} does, for the subset of Kustomize this repository uses:
 * {@code resources} (files and directories), {@code namespace}, {@code patches} (a file holding merge patches, or
 * an inline JSON 6902 patch with a {@code target} of kind and optionally name) and {@code configMapGenerator}
 * (files, labels, no name hash). Anything else fails the render, so a manifest feature this renderer would
 * silently ignore cannot slip in. Hand-written because no Java Kustomize exists and CI may not download the
 * {@code kustomize} binary; the semantics follow the Kustomize documentation (merge patches on custom resources
 * are JSON merge patches: maps merge, lists are replaced, null deletes).
 */
final class Kustomize {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> SUPPORTED =
            Set.of("apiVersion", "kind", "namespace", "resources", "patches", "configMapGenerator");

    private Kustomize() {}

    /** Every object the kustomization in {@code dir} produces, in order. */
    static List<ObjectNode> render(Path dir) {
        JsonNode kustomization = readOne(dir.resolve("kustomization.yaml"));
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalStateException(dir + "/kustomization.yaml uses '" + field
                        + "', which the test renderer does not support: extend Kustomize.java first");
            }
        });
        require(
                "kustomize.config.k8s.io/v1beta1"
                                .equals(kustomization.path("apiVersion").asText())
                        && "Kustomization".equals(kustomization.path("kind").asText()),
                dir + ": not a v1beta1 Kustomization");
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            require(Files.exists(path), dir + "/kustomization.yaml: resource " + resource.asText() + " does not exist");
            objects.addAll(Files.isDirectory(path) ? render(path) : readAll(path));
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            objects.add(configMap(dir, generator));
        }
        for (JsonNode patch : kustomization.path("patches")) {
            if (patch.has("path")) {
                Path path = dir.resolve(patch.get("path").asText());
                require(Files.isRegularFile(path), dir + ": patch " + path + " does not exist");
                for (ObjectNode merge : readAll(path)) {
                    ObjectNode target = find(
                            objects,
                            merge.path("kind").asText(),
                            merge.path("metadata").path("name").asText(),
                            path);
                    mergePatch(target, merge);
                }
            } else {
                String kind = patch.path("target").path("kind").asText();
                String name = patch.path("target").path("name").asText(null);
                ArrayNode operations = (ArrayNode) parse(patch.path("patch").asText());
                List<ObjectNode> targets = objects.stream()
                        .filter(o -> o.path("kind").asText().equals(kind)
                                && (name == null
                                        || name.equals(
                                                o.path("metadata").path("name").asText())))
                        .toList();
                require(!targets.isEmpty(), dir + ": a patch targets " + kind + " " + name + ", which is not there");
                targets.forEach(target -> jsonPatch(target, operations, dir));
            }
        }
        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            for (ObjectNode object : objects) {
                if (!"Namespace".equals(object.path("kind").asText())) {
                    ((ObjectNode) object.with("metadata")).put("namespace", namespace);
                }
            }
        }
        return objects;
    }

    static List<ObjectNode> readAll(Path file) {
        try {
            List<ObjectNode> documents = new ArrayList<>();
            var parser = YAML.getFactory().createParser(file.toFile());
            Iterator<JsonNode> values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode document = values.next();
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    require(document.isObject(), file + ": a document is not an object");
                    documents.add((ObjectNode) document);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readOne(Path file) {
        List<ObjectNode> documents = readAll(file);
        require(documents.size() == 1, file + " must hold one document");
        return documents.get(0);
    }

    private static JsonNode parse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode configMap(Path dir, JsonNode generator) {
        require(
                generator.path("options").path("disableNameSuffixHash").asBoolean(false),
                dir + ": configMapGenerator without disableNameSuffixHash is not supported");
        ObjectNode map = YAML.createObjectNode();
        map.put("apiVersion", "v1").put("kind", "ConfigMap");
        ObjectNode metadata = map.putObject("metadata");
        metadata.put("name", generator.path("name").asText());
        if (generator.path("options").has("labels")) {
            metadata.set("labels", generator.path("options").get("labels").deepCopy());
        }
        ObjectNode data = map.putObject("data");
        for (JsonNode file : generator.path("files")) {
            Path path = dir.resolve(file.asText());
            require(Files.isRegularFile(path), dir + ": configMapGenerator file " + file.asText() + " does not exist");
            try {
                data.put(path.getFileName().toString(), Files.readString(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return map;
    }

    private static ObjectNode find(List<ObjectNode> objects, String kind, String name, Path patch) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind)
                        && o.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        patch + " patches " + kind + " " + name + ", which is not in the resources"));
    }

    /** RFC 7386: maps merge recursively, null deletes, anything else replaces. */
    static void mergePatch(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(field -> {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && target.path(field.getKey()).isObject()) {
                mergePatch((ObjectNode) target.get(field.getKey()), value);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        });
    }

    /** RFC 6902 add and replace (the operations used here); paths use RFC 6901 escapes. */
    private static void jsonPatch(ObjectNode target, ArrayNode operations, Path dir) {
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText();
            String[] tokens = operation.path("path").asText().substring(1).split("/");
            JsonNode parent = target;
            for (int i = 0; i < tokens.length - 1; i++) {
                parent = parent.path(unescape(tokens[i]));
            }
            require(
                    parent.isObject(),
                    dir + ": patch path " + operation.path("path").asText() + " has no parent in "
                            + target.path("metadata").path("name").asText());
            String last = unescape(tokens[tokens.length - 1]);
            if ("replace".equals(op)) {
                require(
                        parent.has(last),
                        dir + ": replace of missing " + operation.path("path").asText() + " in "
                                + target.path("metadata").path("name").asText());
            } else {
                require("add".equals(op), dir + ": patch op " + op + " is not supported");
            }
            ((ObjectNode) parent).set(last, operation.get("value").deepCopy());
        }
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    static Map<String, Object> toMap(JsonNode node) {
        return YAML.convertValue(node, new TypeReference<>() {});
    }

    static TextNode text(String value) {
        return TextNode.valueOf(value);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
