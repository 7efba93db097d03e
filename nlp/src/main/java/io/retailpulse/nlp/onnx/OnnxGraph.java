package io.retailpulse.nlp.onnx;

import io.retailpulse.nlp.onnx.Proto.Field;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model held as raw protobuf fields, with the few edits model assembly needs: read and replace float
 * initializers, append initializers, nodes, inputs and outputs. Everything else is written back untouched.
 */
public final class OnnxGraph {
    public static final int FLOAT = 1;
    public static final int INT64 = 7;

    /** A dense tensor: row-major data, dims as in ONNX. */
    public record Tensor(String name, long[] dims, float[] data) {
        public int rows() {
            return (int) dims[0];
        }

        public int cols() {
            return (int) dims[dims.length - 1];
        }
    }

    /** A node as read: inputs, outputs, op type, name. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    }

    private final List<Field> modelFields;
    private final List<Field> graphFields;
    private final Map<String, Integer> initializerIndex = new LinkedHashMap<>();

    private OnnxGraph(List<Field> modelFields, List<Field> graphFields) {
        this.modelFields = modelFields;
        this.graphFields = graphFields;
        for (int i = 0; i < graphFields.size(); i++) {
            Field f = graphFields.get(i);
            if (f.number() == 5) {
                Field name = Proto.first(Proto.parse(f.bytes()), 8);
                initializerIndex.put(name == null ? "" : name.string(), i);
            }
        }
    }

    public static OnnxGraph parse(byte[] model) {
        List<Field> modelFields = new ArrayList<>(Proto.parse(model));
        Field graph = Proto.first(modelFields, 7);
        if (graph == null) {
            throw new IllegalArgumentException("not an ONNX model: no graph");
        }
        List<Field> graphFields = new ArrayList<>(Proto.parse(graph.bytes()));
        // the graph lives on as fields; its raw copy would only hold the heap (130 MB for bge-small)
        modelFields.replaceAll(f -> f.number() == 7 ? new Field(7, Proto.LEN, 0, new byte[0]) : f);
        return new OnnxGraph(modelFields, graphFields);
    }

    /** Highest default-domain opset the model imports. */
    public long opset() {
        long v = 0;
        for (Field f : modelFields) {
            if (f.number() == 8) {
                List<Field> op = Proto.parse(f.bytes());
                Field domain = Proto.first(op, 1);
                if (domain == null || domain.bytes().length == 0 || domain.string().equals("ai.onnx")) {
                    Field version = Proto.first(op, 2);
                    v = Math.max(v, version == null ? 0 : version.value());
                }
            }
        }
        return v;
    }

    public List<String> initializerNames() {
        return new ArrayList<>(initializerIndex.keySet());
    }

    public boolean hasInitializer(String name) {
        return initializerIndex.containsKey(name);
    }

    public List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        for (Field f : graphFields) {
            if (f.number() == 1) {
                List<Field> n = Proto.parse(f.bytes());
                Field name = Proto.first(n, 3);
                Field op = Proto.first(n, 4);
                nodes.add(new Node(name == null ? "" : name.string(), op == null ? "" : op.string(),
                        Proto.strings(n, 1), Proto.strings(n, 2)));
            }
        }
        return nodes;
    }

    public List<String> inputNames() {
        return valueNames(11);
    }

    public List<String> outputNames() {
        return valueNames(12);
    }

    private List<String> valueNames(int number) {
        List<String> names = new ArrayList<>();
        for (Field f : graphFields) {
            if (f.number() == number) {
                names.add(Proto.first(Proto.parse(f.bytes()), 1).string());
            }
        }
        return names;
    }

    /** A float initializer as a dense tensor (raw_data or float_data). */
    public Tensor initializer(String name) {
        Integer idx = initializerIndex.get(name);
        if (idx == null) {
            throw new IllegalArgumentException("no initializer " + name);
        }
        List<Field> t = Proto.parse(graphFields.get(idx).bytes());
        long[] dims = Proto.varints(t, 1).stream().mapToLong(Long::longValue).toArray();
        Field type = Proto.first(t, 2);
        if (type == null || type.value() != FLOAT) {
            throw new IllegalArgumentException(name + " is not a float tensor");
        }
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        float[] data = new float[(int) count];
        Field raw = Proto.first(t, 9);
        if (raw != null) {
            ByteBuffer.wrap(raw.bytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        } else {
            int i = 0;
            for (Field f : t) {
                if (f.number() == 4 && f.wireType() == Proto.I32) {
                    data[i++] = Float.intBitsToFloat((int) f.value());
                } else if (f.number() == 4 && f.wireType() == Proto.LEN) {
                    ByteBuffer b = ByteBuffer.wrap(f.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                    while (b.hasRemaining()) {
                        data[i++] = b.getFloat();
                    }
                }
            }
        }
        return new Tensor(name, dims, data);
    }

    /** Replaces (same name) or appends a float initializer. */
    public void putInitializer(Tensor tensor) {
        Field f = new Field(5, Proto.LEN, 0, floatTensor(tensor.name(), tensor.dims(), tensor.data()));
        Integer idx = initializerIndex.get(tensor.name());
        if (idx != null) {
            graphFields.set(idx, f);
        } else {
            graphFields.add(f);
            initializerIndex.put(tensor.name(), graphFields.size() - 1);
        }
    }

    /** Appends an int64 initializer (shapes, axes). */
    public void putInt64Initializer(String name, long[] dims, long[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) {
            b.putLong(v);
        }
        Proto.Writer w = new Proto.Writer();
        for (long d : dims) {
            w.varint(1, d);
        }
        w.varint(2, INT64).string(8, name).bytes(9, b.array());
        graphFields.add(new Field(5, Proto.LEN, 0, w.bytes()));
        initializerIndex.put(name, graphFields.size() - 1);
    }

    static byte[] floatTensor(String name, long[] dims, float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        Proto.Writer w = new Proto.Writer();
        for (long d : dims) {
            w.varint(1, d);
        }
        return w.varint(2, FLOAT).string(8, name).bytes(9, b.array()).bytes();
    }

    /** Appends a node; attributes are int, float or int-list values. */
    public void addNode(String opType, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {
        Proto.Writer w = new Proto.Writer();
        for (String in : inputs) {
            w.string(1, in);
        }
        for (String out : outputs) {
            w.string(2, out);
        }
        w.string(3, "pulse_" + outputs.get(0));
        w.string(4, opType);
        for (Map.Entry<String, Object> a : attributes.entrySet()) {
            Proto.Writer attr = new Proto.Writer().string(1, a.getKey());
            Object v = a.getValue();
            if (v instanceof Float f) {
                attr.float32(2, f).varint(20, 1);
            } else if (v instanceof Integer || v instanceof Long) {
                attr.varint(3, ((Number) v).longValue()).varint(20, 2);
            } else if (v instanceof long[] ints) {
                for (long i : ints) {
                    attr.varint(8, i);
                }
                attr.varint(20, 7);
            } else {
                throw new IllegalArgumentException("attribute type " + v);
            }
            w.bytes(5, attr.bytes());
        }
        graphFields.add(new Field(1, Proto.LEN, 0, w.bytes()));
    }

    /** Appends a graph input or output; dims: a number or a symbolic name (String). */
    public void addValue(boolean input, String name, int elemType, Object... dims) {
        Proto.Writer shape = new Proto.Writer();
        for (Object d : dims) {
            Proto.Writer dim = new Proto.Writer();
            if (d instanceof String s) {
                dim.string(2, s);
            } else {
                dim.varint(1, ((Number) d).longValue());
            }
            shape.bytes(1, dim.bytes());
        }
        byte[] tensorType = new Proto.Writer().varint(1, elemType).bytes(2, shape.bytes()).bytes();
        byte[] type = new Proto.Writer().bytes(1, tensorType).bytes();
        byte[] value = new Proto.Writer().string(1, name).bytes(2, type).bytes();
        graphFields.add(new Field(input ? 11 : 12, Proto.LEN, 0, value));
    }

    public byte[] toBytes() {
        return Proto.write(modelFields, 7, graphFields);
    }
}
