package io.retailpulse.nlp.onnx;

import io.retailpulse.nlp.BaseEncoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The exact-size writer must reproduce what it parsed, byte for byte. */
class ProtoTest {
    @Test
    void writesEveryWireTypeBackByteForByte() {
        byte[] message = new Proto.Writer().varint(1, 300).varint(2, -1).string(3, "héllo")
                .float32(4, 1.5f).bytes(5, new byte[0]).field(new Proto.Field(6, Proto.I64, 0x0102030405060708L, null))
                .varint(1000, 7).bytes();

        List<Proto.Field> fields = Proto.parse(message);

        assertEquals(7, fields.size());
        assertEquals(message.length, Proto.size(fields));
        assertArrayEquals(message, Proto.write(fields));
    }

    @Test
    void nestedMessageIsWrittenInPlaceOfItsField() {
        byte[] inner = new Proto.Writer().string(1, "graph").varint(2, 42).bytes();
        byte[] outer = new Proto.Writer().varint(1, 8).bytes(7, inner).string(2, "producer").bytes();

        byte[] rewritten = Proto.write(Proto.parse(outer), 7, Proto.parse(inner));

        assertArrayEquals(outer, rewritten);
    }

    @Test
    void baseEncoderModelRoundTripsUnchanged() {
        byte[] model = BaseEncoder.baseModelBytes(BaseEncoder.Base.served());

        assertArrayEquals(model, OnnxGraph.parse(model).toBytes());
    }
}
