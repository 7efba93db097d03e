package io.retailpulse.nlp.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the protobuf wire format to read and rewrite an ONNX model: fields are kept as raw values so
 * anything this code does not touch is written back byte for byte.
 */
public final class Proto {
    public static final int VARINT = 0;
    public static final int I64 = 1;
    public static final int LEN = 2;
    public static final int I32 = 5;

    /** One field: {@code value} holds varints and fixed-width numbers, {@code bytes} length-delimited payloads. */
    public record Field(int number, int wireType, long value, byte[] bytes) {
        public String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Proto() {
    }

    public static List<Field> parse(byte[] buf) {
        return parse(buf, 0, buf.length);
    }

    public static List<Field> parse(byte[] buf, int from, int to) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {from};
        while (pos[0] < to) {
            long tag = readVarint(buf, pos);
            int number = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (wire) {
                case VARINT -> fields.add(new Field(number, wire, readVarint(buf, pos), null));
                case I64 -> {
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v |= (buf[pos[0] + i] & 0xFFL) << (8 * i);
                    }
                    pos[0] += 8;
                    fields.add(new Field(number, wire, v, null));
                }
                case I32 -> {
                    long v = 0;
                    for (int i = 0; i < 4; i++) {
                        v |= (buf[pos[0] + i] & 0xFFL) << (8 * i);
                    }
                    pos[0] += 4;
                    fields.add(new Field(number, wire, v, null));
                }
                case LEN -> {
                    int len = (int) readVarint(buf, pos);
                    byte[] b = new byte[len];
                    System.arraycopy(buf, pos[0], b, 0, len);
                    pos[0] += len;
                    fields.add(new Field(number, wire, 0, b));
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + wire + " at " + pos[0]);
            }
        }
        return fields;
    }

    private static long readVarint(byte[] buf, int[] pos) {
        long result = 0;
        int shift = 0;
        while (true) {
            byte b = buf[pos[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
        }
    }

    /** Unpacks a repeated varint field that may be written packed or one value per tag. */
    public static List<Long> varints(List<Field> fields, int number) {
        List<Long> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.number() != number) {
                continue;
            }
            if (f.wireType() == VARINT) {
                out.add(f.value());
            } else if (f.wireType() == LEN) {
                int[] pos = {0};
                while (pos[0] < f.bytes().length) {
                    out.add(readVarint(f.bytes(), pos));
                }
            }
        }
        return out;
    }

    public static Field first(List<Field> fields, int number) {
        for (Field f : fields) {
            if (f.number() == number) {
                return f;
            }
        }
        return null;
    }

    public static List<String> strings(List<Field> fields, int number) {
        List<String> out = new ArrayList<>();
        for (Field f : fields) {
            if (f.number() == number) {
                out.add(f.string());
            }
        }
        return out;
    }

    /** Serialises fields in order. */
    public static byte[] write(List<Field> fields) {
        return write(fields, -1, List.of());
    }

    /**
     * Serialises fields in order, writing the message {@code nested} in place of the field numbered
     * {@code nestedNumber}, straight into one buffer of the exact size: a model of 130 MB is written without the
     * doubling copies of a growing stream or an intermediate array for its graph.
     */
    public static byte[] write(List<Field> fields, int nestedNumber, List<Field> nested) {
        long nestedSize = size(nested);
        long total = 0;
        for (Field f : fields) {
            total += f.number() == nestedNumber ? tagSize(f.number()) + varintSize(nestedSize) + nestedSize : size(f);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("message too large: " + total + " bytes");
        }
        byte[] buf = new byte[(int) total];
        int[] pos = {0};
        for (Field f : fields) {
            if (f.number() == nestedNumber) {
                putVarint(buf, pos, (long) f.number() << 3 | LEN);
                putVarint(buf, pos, nestedSize);
                for (Field n : nested) {
                    put(buf, pos, n);
                }
            } else {
                put(buf, pos, f);
            }
        }
        return buf;
    }

    /** Encoded size of a message made of {@code fields}. */
    public static long size(List<Field> fields) {
        long n = 0;
        for (Field f : fields) {
            n += size(f);
        }
        return n;
    }

    private static long size(Field f) {
        long payload = switch (f.wireType()) {
            case VARINT -> varintSize(f.value());
            case I64 -> 8;
            case I32 -> 4;
            case LEN -> varintSize(f.bytes().length) + f.bytes().length;
            default -> throw new IllegalArgumentException("wire type " + f.wireType());
        };
        return tagSize(f.number()) + payload;
    }

    private static int tagSize(int number) {
        return varintSize((long) number << 3);
    }

    private static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static void put(byte[] buf, int[] pos, Field f) {
        putVarint(buf, pos, (long) f.number() << 3 | f.wireType());
        switch (f.wireType()) {
            case VARINT -> putVarint(buf, pos, f.value());
            case I64, I32 -> {
                int width = f.wireType() == I64 ? 8 : 4;
                for (int i = 0; i < width; i++) {
                    buf[pos[0]++] = (byte) (f.value() >>> (8 * i));
                }
            }
            case LEN -> {
                putVarint(buf, pos, f.bytes().length);
                System.arraycopy(f.bytes(), 0, buf, pos[0], f.bytes().length);
                pos[0] += f.bytes().length;
            }
            default -> throw new IllegalArgumentException("wire type " + f.wireType());
        }
    }

    private static void putVarint(byte[] buf, int[] pos, long v) {
        while ((v & ~0x7FL) != 0) {
            buf[pos[0]++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos[0]++] = (byte) v;
    }

    /** Builds messages field by field. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Writer field(Field f) {
            switch (f.wireType()) {
                case VARINT -> varint(f.number(), f.value());
                case I64 -> {
                    tag(f.number(), I64);
                    for (int i = 0; i < 8; i++) {
                        out.write((int) (f.value() >>> (8 * i)) & 0xFF);
                    }
                }
                case I32 -> {
                    tag(f.number(), I32);
                    for (int i = 0; i < 4; i++) {
                        out.write((int) (f.value() >>> (8 * i)) & 0xFF);
                    }
                }
                case LEN -> bytes(f.number(), f.bytes());
                default -> throw new IllegalArgumentException("wire type " + f.wireType());
            }
            return this;
        }

        private void tag(int number, int wire) {
            raw((long) number << 3 | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        public Writer varint(int number, long v) {
            tag(number, VARINT);
            raw(v);
            return this;
        }

        public Writer bytes(int number, byte[] b) {
            tag(number, LEN);
            raw(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        public Writer string(int number, String s) {
            return bytes(number, s.getBytes(StandardCharsets.UTF_8));
        }

        public Writer float32(int number, float f) {
            tag(number, I32);
            int bits = Float.floatToIntBits(f);
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xFF);
            }
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }
}
