package io.retailpulse.nlp;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * How the int8 encoder is built from calibration ({@code int8-calibration.properties} beside the model artifacts,
 * written by {@code nlp/calibrate.sh}): one static activation range per linear layer's input, measured on training
 * text (never the dev sets), and the linear layers kept in fp32.
 *
 * <ul>
 * <li>{@code int8.range.<layer>=min,max}: the clipped range of the layer's input ({@code layer0.query}, ...,
 * {@code layer11.ffn_out}); query, key and value read the same tensor and carry the same range;</li>
 * <li>{@code int8.fp32=<layer>,<layer>}: layers left in fp32 (mixed precision);</li>
 * <li>optionally ({@value #BIAS_FILE}) each layer input's per-channel mean on the calibration text: the bias then
 * absorbs the expected error that rounding the weights adds to each output ({@code Σ_r (Wq - W)[r, j] E[x_r]}, the
 * empirical bias correction of Nagel et al., "Data-Free Quantization", 2019).</li>
 * </ul>
 *
 * Static ranges are what let ONNX Runtime run its fused integer kernel ({@code MatMulIntegerToFloat}: u8s8 GEMM,
 * scale and bias in one pass) and keep every text's scores independent of its batch-mates: the quantisation of a
 * token depends on nothing but that token.
 */
public record Int8Plan(
        Map<String, float[]> ranges,
        Set<String> fp32Layers,
        Map<String, float[]> smoothing,
        Map<String, float[]> inputMeans) {
    public static final String FILE = "int8-calibration.properties";
    /** Per-input-channel smoothing factors ({@code smooth.<layer>} [in]), TensorFile format. */
    public static final String SMOOTH_FILE = "int8-smoothing.ptt";

    public static final String SMOOTH = "smooth.";
    /**
     * Bias correction: each layer input's per-channel mean on the calibration text ({@code mean.<layer>} [in],
     * TensorFile format), written by {@code nlp/calibrate.sh --write --bias-correct}.
     */
    public static final String BIAS_FILE = "int8-bias-correction.ptt";

    public static final String MEAN = "mean.";
    public static final String RANGE = "int8.range.";
    public static final String FP32 = "int8.fp32";

    /** No calibration: the int8 build falls back to per-token dynamic activation scales. */
    public static Int8Plan none() {
        return new Int8Plan(Map.of(), Set.of(), Map.of(), Map.of());
    }

    public boolean calibrated() {
        return !ranges.isEmpty();
    }

    /** {@link #from(Properties, Map)} without smoothing factors. */
    public static Int8Plan from(Properties props) {
        return from(props, Map.of());
    }

    /**
     * The plan in the artifacts: ranges and fp32 layers from the properties, smoothing factors from the tensors
     * ({@code smooth.<layer>}; {@code -Dpulse.q.smooth=false} ignores them, for measurements). The layers kept in
     * fp32 can also be set with {@code -Dpulse.q.fp32=...} (measurements).
     */
    public static Int8Plan from(Properties props, Map<String, TensorFile.Tensor> tensors) {
        Map<String, float[]> smoothing = new LinkedHashMap<>();
        if (!"false".equals(System.getProperty("pulse.q.smooth"))) {
            tensors.forEach((k, v) -> {
                if (k.startsWith(SMOOTH)) {
                    smoothing.put(k.substring(SMOOTH.length()), v.data());
                }
            });
        }
        Map<String, float[]> means = new LinkedHashMap<>();
        if (!"false".equals(System.getProperty("pulse.q.biasCorrect"))) {
            tensors.forEach((k, v) -> {
                if (k.startsWith(MEAN)) {
                    means.put(k.substring(MEAN.length()), v.data());
                }
            });
        }
        Map<String, float[]> ranges = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            if (key.startsWith(RANGE)) {
                String[] v = props.getProperty(key).split(",");
                ranges.put(
                        key.substring(RANGE.length()),
                        new float[] {Float.parseFloat(v[0].trim()), Float.parseFloat(v[1].trim())});
            }
        }
        Set<String> fp32 = new LinkedHashSet<>();
        String list = System.getProperty("pulse.q.fp32", props.getProperty(FP32, ""));
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                fp32.add(s.trim().toLowerCase(Locale.ROOT));
            }
        }
        return new Int8Plan(ranges, fp32, smoothing, means);
    }

    /**
     * SmoothQuant's migration factor of one input channel ({@code alpha} 0.5): {@code s = sqrt(max|x_c|) /
     * sqrt(max_j |W[c, j]|)}. The activation is divided by it and the weight row multiplied, which leaves the product
     * unchanged and moves the outlier channels' range from the activation (one scale per tensor) into the weights
     * (one scale per output channel, so they absorb it).
     */
    public static float smoothing(float activationMax, float weightRowMax) {
        if (activationMax <= 0 || weightRowMax <= 0) {
            return 1f;
        }
        return (float) Math.max(1e-2, Math.min(1e2, Math.sqrt(activationMax) / Math.sqrt(weightRowMax)));
    }

    /**
     * Asymmetric uint8 parameters of a range: {@code scale = (max - min) / 255}, zero point {@code round(-min /
     * scale)}; the range is widened to include 0 so that 0 (padding, ReLU-like zeros) is exact.
     */
    public static float[] scaleAndZeroPoint(float[] range) {
        float min = Math.min(0f, range[0]);
        float max = Math.max(0f, range[1]);
        float scale = (max - min) / 255f;
        if (scale == 0) {
            return new float[] {1f, 0f};
        }
        float zp = Math.round(-min / scale);
        return new float[] {scale, Math.max(0, Math.min(255, zp))};
    }
}
