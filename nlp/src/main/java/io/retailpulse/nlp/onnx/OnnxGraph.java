package io.retailpulse.nlp.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.retailpulse.nlp.onnx.proto.Onnx.AttributeProto;
import io.retailpulse.nlp.onnx.proto.Onnx.GraphProto;
import io.retailpulse.nlp.onnx.proto.Onnx.ModelProto;
import io.retailpulse.nlp.onnx.proto.Onnx.NodeProto;
import io.retailpulse.nlp.onnx.proto.Onnx.OperatorSetIdProto;
import io.retailpulse.nlp.onnx.proto.Onnx.TensorProto;
import io.retailpulse.nlp.onnx.proto.Onnx.TensorShapeProto;
import io.retailpulse.nlp.onnx.proto.Onnx.TypeProto;
import io.retailpulse.nlp.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model (classes generated from the vendored {@code onnx.proto}) with the few edits model assembly needs:
 * read and replace float initializers, append initializers, nodes, inputs and outputs, replace a node by several.
 * Everything else is carried over untouched (unknown fields included).
 */
public final class OnnxGraph {
    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    public static final int INT64 = TensorProto.DataType.INT64_VALUE;
    public static final int INT8 = TensorProto.DataType.INT8_VALUE;

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
    public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

    /** A node to add: op type, inputs (empty string: optional input left out), outputs, attributes. */
    public record NewNode(String opType, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {}

    private final ModelProto model;
    private final GraphProto.Builder graph;
    // kept as plain lists while editing (indexed replacement and insertion), put back into the graph by toBytes
    private final List<NodeProto> nodes;
    private final List<TensorProto> initializers;
    private final Map<String, Integer> initializerIndex = new LinkedHashMap<>();
    private final List<OperatorSetIdProto> extraDomains = new ArrayList<>();

    private OnnxGraph(ModelProto model) {
        this.model = model;
        GraphProto g = model.getGraph();
        this.nodes = new ArrayList<>(g.getNodeList());
        this.initializers = new ArrayList<>(g.getInitializerList());
        this.graph = g.toBuilder().clearNode().clearInitializer();
        for (int i = 0; i < initializers.size(); i++) {
            initializerIndex.put(initializers.get(i).getName(), i);
        }
    }

    public static OnnxGraph parse(byte[] bytes) {
        // aliasing: the weights stay views of the caller's array instead of a second 130 MB copy
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.enableAliasing(true);
        ModelProto model;
        try {
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not an ONNX model: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!model.hasGraph()) {
            throw new IllegalArgumentException("not an ONNX model: no graph");
        }
        return new OnnxGraph(model);
    }

    /** Highest default-domain opset the model imports. */
    public long opset() {
        long v = 0;
        for (OperatorSetIdProto op : model.getOpsetImportList()) {
            if (op.getDomain().isEmpty() || op.getDomain().equals("ai.onnx")) {
                v = Math.max(v, op.getVersion());
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
        List<Node> out = new ArrayList<>(nodes.size());
        for (NodeProto n : nodes) {
            out.add(new Node(
                    n.getName(), n.getOpType(), List.copyOf(n.getInputList()), List.copyOf(n.getOutputList())));
        }
        return out;
    }

    public List<String> inputNames() {
        return graph.getInputList().stream().map(ValueInfoProto::getName).toList();
    }

    public List<String> outputNames() {
        return graph.getOutputList().stream().map(ValueInfoProto::getName).toList();
    }

    /** A float initializer as a dense tensor (raw_data or float_data). */
    public Tensor initializer(String name) {
        Integer idx = initializerIndex.get(name);
        if (idx == null) {
            throw new IllegalArgumentException("no initializer " + name);
        }
        TensorProto t = initializers.get(idx);
        if (t.getDataType() != FLOAT) {
            throw new IllegalArgumentException(name + " is not a float tensor");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        float[] data = new float[(int) count];
        if (t.hasRawData()) {
            t.getRawData()
                    .asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(data);
        } else {
            for (int i = 0; i < data.length; i++) {
                data[i] = t.getFloatData(i);
            }
        }
        return new Tensor(name, dims, data);
    }

    /** The first value of the float tensor a {@code Constant} node puts out as {@code output}. */
    public float constantFloat(String output) {
        for (NodeProto n : nodes) {
            if (n.getOpType().equals("Constant") && n.getOutputList().contains(output)) {
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value") && a.getT().getDataType() == FLOAT) {
                        TensorProto t = a.getT();
                        return t.hasRawData()
                                ? t.getRawData()
                                        .asReadOnlyByteBuffer()
                                        .order(ByteOrder.LITTLE_ENDIAN)
                                        .getFloat()
                                : t.getFloatData(0);
                    }
                }
            }
        }
        throw new IllegalArgumentException("no float Constant puts out " + output);
    }

    /** Replaces (same name) or appends a float initializer. */
    public void putInitializer(Tensor tensor) {
        ByteBuffer b = ByteBuffer.allocate(tensor.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(tensor.data());
        put(tensor(tensor.name(), tensor.dims(), FLOAT, b.array()));
    }

    /** Appends or replaces an int64 initializer (shapes, axes). */
    public void putInt64Initializer(String name, long[] dims, long[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) {
            b.putLong(v);
        }
        put(tensor(name, dims, INT64, b.array()));
    }

    /** Appends or replaces an int8 initializer (quantised weights, zero points). */
    public void putInt8Initializer(String name, long[] dims, byte[] data) {
        put(tensor(name, dims, INT8, data));
    }

    /** Appends or replaces a uint8 initializer (zero points). */
    public void putUint8Initializer(String name, long[] dims, byte[] data) {
        put(tensor(name, dims, TensorProto.DataType.UINT8_VALUE, data));
    }

    /** Drops an initializer nothing reads any more. */
    public void removeInitializer(String name) {
        Integer idx = initializerIndex.remove(name);
        if (idx == null) {
            throw new IllegalArgumentException("no initializer " + name);
        }
        int removed = idx;
        initializers.remove(removed);
        initializerIndex.replaceAll((k, i) -> i > removed ? Integer.valueOf(i - 1) : i);
    }

    private void put(TensorProto t) {
        Integer idx = initializerIndex.get(t.getName());
        if (idx != null) {
            initializers.set(idx, t);
        } else {
            initializers.add(t);
            initializerIndex.put(t.getName(), initializers.size() - 1);
        }
    }

    private static TensorProto tensor(String name, long[] dims, int type, byte[] raw) {
        TensorProto.Builder t = TensorProto.newBuilder();
        for (long d : dims) {
            t.addDims(d);
        }
        return t.setDataType(type)
                .setName(name)
                .setRawData(ByteString.copyFrom(raw))
                .build();
    }

    /** Appends a node; attributes are int, float or int-list values. */
    public void addNode(String opType, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {
        nodes.add(node(new NewNode(opType, inputs, outputs, attributes)));
    }

    /** Replaces the node at {@code index} (in {@link #nodes()}) by {@code replacement}, in that order. */
    public void replaceNode(int index, List<NewNode> replacement) {
        nodes.remove(index);
        List<NodeProto> built = new ArrayList<>(replacement.size());
        for (NewNode n : replacement) {
            built.add(node(n));
        }
        nodes.addAll(index, built);
    }

    /** Op types written {@code domain:Op} (e.g. {@code com.microsoft:MatMulIntegerToFloat}) get that domain. */
    private NodeProto node(NewNode n) {
        String op = n.opType();
        String domain = "";
        int colon = op.lastIndexOf(':');
        if (colon > 0) {
            domain = op.substring(0, colon);
            op = op.substring(colon + 1);
            importDomain(domain, 1);
        }
        NodeProto.Builder node = NodeProto.newBuilder()
                .addAllInput(n.inputs())
                .addAllOutput(n.outputs())
                .setName("pulse_" + n.outputs().get(0))
                .setOpType(op);
        if (!domain.isEmpty()) {
            node.setDomain(domain); // an empty domain stays unset: fp32 bytes as before (OnnxGraphTest)
        }
        for (Map.Entry<String, Object> a : n.attributes().entrySet()) {
            AttributeProto.Builder attr = AttributeProto.newBuilder().setName(a.getKey());
            Object v = a.getValue();
            if (v instanceof Float f) {
                attr.setF(f).setType(AttributeProto.AttributeType.FLOAT);
            } else if (v instanceof Integer || v instanceof Long) {
                attr.setI(((Number) v).longValue()).setType(AttributeProto.AttributeType.INT);
            } else if (v instanceof long[] ints) {
                for (long i : ints) {
                    attr.addInts(i);
                }
                attr.setType(AttributeProto.AttributeType.INTS);
            } else {
                throw new IllegalArgumentException("attribute type " + v);
            }
            node.addAttribute(attr);
        }
        return node.build();
    }

    /** Imports an operator-set domain (e.g. {@code com.microsoft}) unless the model already does. */
    public void importDomain(String domain, long version) {
        if (model.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(domain))
                && extraDomains.stream().noneMatch(o -> o.getDomain().equals(domain))) {
            extraDomains.add(OperatorSetIdProto.newBuilder()
                    .setDomain(domain)
                    .setVersion(version)
                    .build());
        }
    }

    /** Appends a graph output of any shape (calibration reads intermediate tensors). */
    public void addOutput(String name, int elemType) {
        graph.addOutput(ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType)))
                .build());
    }

    /** Appends a graph input or output; dims: a number or a symbolic name (String). */
    public void addValue(boolean input, String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        TypeProto type = TypeProto.newBuilder()
                .setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))
                .build();
        ValueInfoProto value =
                ValueInfoProto.newBuilder().setName(name).setType(type).build();
        if (input) {
            graph.addInput(value);
        } else {
            graph.addOutput(value);
        }
    }

    public byte[] toBytes() {
        GraphProto g =
                graph.clone().addAllNode(nodes).addAllInitializer(initializers).build();
        return model.toBuilder()
                .setGraph(g)
                .addAllOpsetImport(extraDomains)
                .build()
                .toByteArray();
    }
}
