package io.retailpulse.inference.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The native-image configuration of META-INF/native-image/io.retailpulse/inference, checked on the JVM against what
 * the native libraries in the ONNX Runtime and DJL tokenizer jars actually look up: the JNI class names and
 * method descriptors written in the linux-x64 {@code .so} files, the resources the loaders open, the classes to
 * initialise at run time and the flavour variable DJL reads. A native image cannot be built on this machine, so
 * this is what keeps the configuration honest when a library is upgraded.
 */
class NativeImageConfigTest {
    private static final String DIR = "META-INF/native-image/io.retailpulse/inference/";
    private static final String ONNX_JNI = "ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so";
    private static final String TOKENIZERS = "native/lib/linux-x86_64/cpu/libtokenizers.so";
    private static final String TYPE = "(?:\\[*(?:[JIZBCSFD]|L[a-zA-Z_$0-9/]+;))";
    private static final Pattern DESCRIPTOR = Pattern.compile("\\(" + TYPE + "*\\)(?:" + TYPE + "|V)");
    /** JNI class names; the Rust library packs its strings without separators, so a match may run on. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("(?:ai/(?:onnxruntime|djl)|java/(?:lang|util|nio))" + "/[A-Za-z0-9_$/]+");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyClassTheNativeLibrariesLookUpIsRegisteredForJniAndExists() throws Exception {
        Set<String> registered = names(json("jni-config.json"));
        for (String library : List.of(ONNX_JNI, TOKENIZERS)) {
            Set<String> lookedUp = classesIn(bytes(library));
            assertFalse(lookedUp.isEmpty(), library);
            Set<String> missing = new TreeSet<>(lookedUp);
            missing.removeAll(registered);
            assertEquals(Set.of(), missing, library + " looks these classes up through JNI");
        }
        for (String name : registered) {
            Class.forName(name, false, getClass().getClassLoader()); // exists in this version of the jars
        }
    }

    @Test
    void everyMethodDescriptorOfTheOnnxRuntimeJniLibraryIsAMemberOfARegisteredClass() throws Exception {
        List<String> members = new ArrayList<>();
        for (String name : names(json("jni-config.json"))) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            Stream.concat(Stream.of(type.getDeclaredConstructors()), Stream.of(type.getDeclaredMethods()))
                    .map(NativeImageConfigTest::descriptor)
                    .forEach(members::add);
        }
        Set<String> descriptors = descriptorsIn(bytes(ONNX_JNI));
        assertTrue(descriptors.size() >= 8, descriptors.toString());
        Set<String> unmatched = new TreeSet<>(descriptors);
        unmatched.removeAll(members);
        assertEquals(Set.of(), unmatched, "descriptors in " + ONNX_JNI + " that no registered class declares");
        for (JsonNode entry : json("jni-config.json")) {
            assertTrue(
                    entry.path("allDeclaredConstructors").asBoolean()
                            && entry.path("allDeclaredMethods").asBoolean()
                            && entry.path("allDeclaredFields").asBoolean(),
                    entry.toString());
        }
    }

    @Test
    void everyClassTheTokenizerLibraryInstantiatesHasAConstructorItCalls() throws Exception {
        Set<String> descriptors = descriptorsIn(bytes(TOKENIZERS));
        for (String name : classesIn(bytes(TOKENIZERS))) {
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            if (type == String.class) {
                continue; // made with NewStringUTF, not a constructor
            }
            assertTrue(
                    Stream.of(type.getDeclaredConstructors())
                            .map(NativeImageConfigTest::descriptor)
                            .anyMatch(descriptors::contains),
                    name + " has none of the constructors " + descriptors);
        }
    }

    @Test
    void theResourcesAreExactlyTheLinuxX64NativeLibrariesAndTheyExistInTheJars() throws Exception {
        List<Pattern> includes = new ArrayList<>();
        json("resource-config.json")
                .path("resources")
                .path("includes")
                .forEach(p -> includes.add(Pattern.compile(p.path("pattern").asText())));
        for (String required : List.of(
                ONNX_JNI,
                "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                TOKENIZERS,
                "native/lib/tokenizers.properties")) {
            assertNotNull(getClass().getClassLoader().getResource(required), required + " is in the jars");
            assertTrue(includes.stream().anyMatch(p -> p.matcher(required).matches()), required + " is included");
        }
        int entries = 0;
        for (String anchor : List.of(ONNX_JNI, TOKENIZERS)) {
            URL url = getClass().getClassLoader().getResource(anchor);
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (String entry : Collections.list(jar.entries()).stream()
                        .map(e -> e.getName())
                        .toList()) {
                    entries++;
                    boolean included =
                            includes.stream().anyMatch(p -> p.matcher(entry).matches());
                    boolean native_ = entry.matches("(ai/onnxruntime/native|native/lib)/.+\\.(so|dylib|dll|pdb)");
                    if (native_) {
                        assertEquals(
                                entry.contains("/linux-x64/") || entry.contains("/linux-x86_64/cpu/"), included, entry);
                    }
                }
            }
        }
        assertTrue(entries > 20, "jar entries checked: " + entries);
    }

    @Test
    void runTimeInitialisedClassesExistAndCoverTheNativeLoaders() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = resource("native-image.properties")) {
            properties.load(in);
        }
        String args = properties.getProperty("Args");
        Matcher runtime = Pattern.compile("--initialize-at-run-time=(\\S+)").matcher(args);
        assertTrue(runtime.find(), args);
        Set<String> classes = new TreeSet<>(List.of(runtime.group(1).split(",")));
        for (String name : classes) {
            Class.forName(name, false, getClass().getClassLoader());
        }
        assertTrue(
                classes.containsAll(Set.of(
                        "ai.onnxruntime.OnnxRuntime",
                        "ai.onnxruntime.OrtEnvironment",
                        "ai.djl.huggingface.tokenizers.jni.LibUtils",
                        "ai.djl.huggingface.tokenizers.jni.TokenizersLibrary")),
                classes.toString());
        // The loaders' static initialisers are what load the libraries: OnnxRuntime.init and LibUtils.loadLibrary.
        assertTrue(Modifier.isStatic(
                Class.forName("ai.onnxruntime.OnnxRuntime", false, getClass().getClassLoader())
                        .getDeclaredMethod("init")
                        .getModifiers()));
        assertTrue(Stream.of(Class.forName(
                                "ai.djl.huggingface.tokenizers.jni.LibUtils",
                                false,
                                getClass().getClassLoader())
                        .getDeclaredMethods())
                .map(Method::getName)
                .anyMatch("loadLibrary"::equals));
    }

    @Test
    void theImageSetsTheTokenizerFlavourVariableDjlReads() throws Exception {
        byte[] libUtils;
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream("ai/djl/huggingface/tokenizers/jni/LibUtils.class")) {
            libUtils = in.readAllBytes();
        }
        String constants = new String(libUtils, StandardCharsets.ISO_8859_1);
        String dockerfile = Files.readString(Path.of("../src/main/docker/Dockerfile.native"));
        List<String> read = Stream.of("RUST_FLAVOR", "TOKENIZERS_FLAVOR")
                .filter(constants::contains)
                .toList();
        assertFalse(read.isEmpty(), "DJL's LibUtils reads a flavour variable");
        for (String variable : read) {
            assertTrue(dockerfile.contains(variable + "=cpu"), "Dockerfile.native sets " + variable + "=cpu");
        }
        assertTrue(dockerfile.contains("TOKENIZERS_FLAVOR=cpu"), "Dockerfile.native sets TOKENIZERS_FLAVOR=cpu");
    }

    // --- helpers

    static Set<String> classesIn(byte[] library) throws ClassNotFoundException {
        Set<String> classes = new TreeSet<>();
        Matcher m = CLASS_NAME.matcher(new String(library, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            String candidate = m.group();
            // The longest prefix that names a class: "ai/djl/engine/EngineExceptionget_array_elements" is
            // EngineException.
            for (int end = candidate.length(); end > candidate.lastIndexOf('/'); end--) {
                String name = candidate.substring(0, end).replace('/', '.');
                if (exists(name)) {
                    classes.add(name);
                    break;
                }
            }
        }
        return classes;
    }

    private static boolean exists(String name) {
        try {
            Class.forName(name, false, NativeImageConfigTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static Set<String> descriptorsIn(byte[] library) {
        Set<String> descriptors = new TreeSet<>();
        Matcher m = DESCRIPTOR.matcher(new String(library, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            descriptors.add(m.group());
        }
        return descriptors;
    }

    static String descriptor(Executable member) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> parameter : member.getParameterTypes()) {
            d.append(parameter.descriptorString());
        }
        d.append(')');
        d.append(
                member instanceof Constructor<?>
                        ? "V"
                        : ((Method) member).getReturnType().descriptorString());
        return d.toString();
    }

    private static Set<String> names(JsonNode config) {
        Set<String> names = new TreeSet<>();
        config.forEach(entry -> names.add(entry.path("name").asText()));
        return names;
    }

    private JsonNode json(String file) throws IOException {
        try (InputStream in = resource(file)) {
            return JSON.readTree(in);
        }
    }

    private InputStream resource(String file) {
        InputStream in = getClass().getClassLoader().getResourceAsStream(DIR + file);
        assertNotNull(in, DIR + file);
        return in;
    }

    private byte[] bytes(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return in.readAllBytes();
        }
    }
}
