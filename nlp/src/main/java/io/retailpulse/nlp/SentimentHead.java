package io.retailpulse.nlp;

/** The final sentiment layer: logits = weight · features + bias; weight is 3 x features (negative, neutral, positive). */
public record SentimentHead(float[][] weight, float[] bias) {
    public SentimentHead {
        if (weight.length != 3 || bias.length != 3) {
            throw new IllegalArgumentException("a sentiment head has 3 rows");
        }
        for (float[] row : weight) {
            if (row.length != weight[0].length) {
                throw new IllegalArgumentException("ragged sentiment head");
            }
        }
    }

    public int features() {
        return weight[0].length;
    }

    /** Softmax probabilities for one feature vector (plain Java; what the ONNX graph computes). */
    public float[] probabilities(float[] features) {
        double[] z = new double[3];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            double s = bias[c];
            for (int j = 0; j < features.length; j++) {
                s += weight[c][j] * features[j];
            }
            z[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            z[c] = Math.exp(z[c] - max);
            sum += z[c];
        }
        float[] p = new float[3];
        for (int c = 0; c < 3; c++) {
            p[c] = (float) (z[c] / sum);
        }
        return p;
    }
}
