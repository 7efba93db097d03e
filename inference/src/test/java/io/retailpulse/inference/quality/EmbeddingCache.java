package io.retailpulse.inference.quality;

import io.retailpulse.inference.complaints.SentenceEncoder;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** For parameter sweeps only ({@code -Dtopics.cache=true}): embeddings kept in target/ between runs. */
final class EmbeddingCache {
    private EmbeddingCache() {}

    static boolean enabled() {
        return Boolean.getBoolean("topics.cache");
    }

    static float[][] embed(SentenceEncoder encoder, String name, List<String> texts) {
        Path file = Path.of("target", "emb-" + name + "-" + encoder.name().replace('/', '_') + ".bin");
        try {
            if (Files.exists(file)) {
                try (DataInputStream in =
                        new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
                    int n = in.readInt();
                    int d = in.readInt();
                    if (n == texts.size()) {
                        float[][] out = new float[n][d];
                        for (float[] row : out) {
                            for (int j = 0; j < d; j++) {
                                row[j] = in.readFloat();
                            }
                        }
                        return out;
                    }
                }
            }
            float[][] out = encoder.embed(texts);
            try (DataOutputStream o =
                    new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
                o.writeInt(out.length);
                o.writeInt(out[0].length);
                for (float[] row : out) {
                    for (float v : row) {
                        o.writeFloat(v);
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
