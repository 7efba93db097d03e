package io.retailpulse.nlp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The artifact format: named float32 tensors in one little-endian file.
 * <pre>
 * "PTT1" | int32 count | count x ( int32 nameBytes | UTF-8 name | int32 rank | rank x int32 dim | prod(dims) x float32 )
 * </pre>
 */
public final class TensorFile {
    private static final byte[] MAGIC = {'P', 'T', 'T', '1'};

    /** A named tensor, row-major. */
    public record Tensor(int[] dims, float[] data) {
        public Tensor {
            long n = 1;
            for (int d : dims) {
                n *= d;
            }
            if (n != data.length) {
                throw new IllegalArgumentException("dims do not match data length " + data.length);
            }
        }

        public float[][] matrix() {
            int rows = dims[0];
            int cols = data.length / rows;
            float[][] m = new float[rows][cols];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(data, r * cols, m[r], 0, cols);
            }
            return m;
        }

        public static Tensor of(float[][] m) {
            int cols = m[0].length;
            float[] d = new float[m.length * cols];
            for (int r = 0; r < m.length; r++) {
                System.arraycopy(m[r], 0, d, r * cols, cols);
            }
            return new Tensor(new int[] {m.length, cols}, d);
        }

        public static Tensor of(float[] v) {
            return new Tensor(new int[] {v.length}, v.clone());
        }
    }

    private TensorFile() {}

    public static Map<String, Tensor> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = data.readNBytes(4);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException("not a pulse tensor file");
        }
        ByteBuffer header = ByteBuffer.wrap(data.readNBytes(4)).order(ByteOrder.LITTLE_ENDIAN);
        int count = header.getInt();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int t = 0; t < count; t++) {
            int nameLen = le(data.readNBytes(4)).getInt();
            String name = new String(data.readNBytes(nameLen), StandardCharsets.UTF_8);
            int rank = le(data.readNBytes(4)).getInt();
            ByteBuffer dimBuf = le(data.readNBytes(4 * rank));
            int[] dims = new int[rank];
            long n = 1;
            for (int r = 0; r < rank; r++) {
                dims[r] = dimBuf.getInt();
                n *= dims[r];
            }
            float[] values = new float[(int) n];
            le(data.readNBytes(4 * values.length)).asFloatBuffer().get(values);
            tensors.put(name, new Tensor(dims, values));
        }
        return tensors;
    }

    private static ByteBuffer le(byte[] b) throws IOException {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static void write(Map<String, Tensor> tensors, OutputStream out) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.write(MAGIC);
        buf.write(int32(tensors.size()));
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            buf.write(int32(name.length));
            buf.write(name);
            int[] dims = e.getValue().dims();
            buf.write(int32(dims.length));
            for (int d : dims) {
                buf.write(int32(d));
            }
            float[] v = e.getValue().data();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            buf.write(b.array());
        }
        new DataOutputStream(out).write(buf.toByteArray());
        out.flush();
    }

    private static byte[] int32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }
}
