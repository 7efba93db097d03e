package io.retailpulse.ingest.exactlyonce;

import io.retailpulse.ingest.platform.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * The bounded durable buffer for windows Kafka could not take: one file per window
 * ({@code <sequence>-<windowId>.spool}), written to a temporary name, fsynced and renamed, so a file that
 * exists is complete. Files are drained in sequence order by {@code SpoolDrainer}.
 */
@ApplicationScoped
public class Spool {
    private static final Logger LOG = Logger.getLogger(Spool.class);
    private static final String SUFFIX = ".spool";

    private final Path dir;
    private final long maxBytes;
    private final Set<String> windows = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();

    public Spool(IngestConfig config) {
        this.dir = Path.of(config.spool().dir());
        this.maxBytes = config.spool().maxBytes();
        if (maxBytes > 0) {
            try {
                Files.createDirectories(dir);
                for (Path file : files()) {
                    windows.add(windowId(file));
                    bytes.addAndGet(Files.size(file));
                    sequence.set(Math.max(sequence.get(), sequence(file)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the spool directory " + dir, e);
            }
            if (!windows.isEmpty()) {
                LOG.infof("spool %s holds %d window(s) to hand on", dir, windows.size());
            }
        }
    }

    public boolean enabled() {
        return maxBytes > 0;
    }

    /** Whether a window's records wait in the spool (its ids are accepted, not in doubt). */
    public boolean holds(String windowId) {
        return windows.contains(windowId);
    }

    public boolean isEmpty() {
        return windows.isEmpty();
    }

    /** Windows waiting to be handed on. */
    public int windowCount() {
        return windows.size();
    }

    /** Bytes the waiting windows take (of {@code spool.max-bytes}). */
    public long bytes() {
        return bytes.get();
    }

    /** Whether the spool is on and not full (a window may still be refused if it is larger than the room left). */
    public boolean hasRoom() {
        return enabled() && bytes.get() < maxBytes;
    }

    /** Writes the window durably; false if the spool is disabled or has no room for it. */
    public synchronized boolean write(String windowId, List<ProducerRecord<String, byte[]>> records) {
        if (!enabled()) {
            return false;
        }
        long size = records.stream().mapToLong(r -> r.value().length + 64L).sum();
        if (bytes.get() + size > maxBytes) {
            return false;
        }
        Path file = dir.resolve(String.format("%019d-%s%s", sequence.incrementAndGet(), windowId, SUFFIX));
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fos, 1 << 16))) {
            out.writeInt(records.size());
            for (ProducerRecord<String, byte[]> r : records) {
                out.writeUTF(r.topic());
                out.writeBoolean(r.key() != null);
                if (r.key() != null) {
                    out.writeUTF(r.key());
                }
                out.writeInt(r.value().length);
                out.write(r.value());
                Header[] headers = r.headers().toArray();
                out.writeInt(headers.length);
                for (Header h : headers) {
                    out.writeUTF(h.key());
                    out.writeInt(h.value().length);
                    out.write(h.value());
                }
            }
            out.flush();
            fos.getFD().sync();
        } catch (IOException e) {
            LOG.errorf("cannot spool window %s: %s", windowId, e.getMessage());
            return false;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            bytes.addAndGet(Files.size(file));
        } catch (IOException e) {
            LOG.errorf("cannot spool window %s: %s", windowId, e.getMessage());
            return false;
        }
        windows.add(windowId);
        return true;
    }

    /** The spooled windows, oldest first. */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> name(p).endsWith(SUFFIX)).sorted().toList();
        }
    }

    public static String windowId(Path file) {
        String name = name(file);
        return name.substring(name.indexOf('-') + 1, name.length() - SUFFIX.length());
    }

    private static long sequence(Path file) {
        String name = name(file);
        return Long.parseLong(name.substring(0, name.indexOf('-')));
    }

    /** The file's own name; a spool entry is always a file in {@code dir}, never a root without a name. */
    private static String name(Path file) {
        return String.valueOf(file.getFileName());
    }

    public List<ProducerRecord<String, byte[]>> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            int count = in.readInt();
            List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String topic = in.readUTF();
                String key = in.readBoolean() ? in.readUTF() : null;
                byte[] value = in.readNBytes(in.readInt());
                RecordHeaders headers = new RecordHeaders();
                int n = in.readInt();
                for (int h = 0; h < n; h++) {
                    headers.add(in.readUTF(), in.readNBytes(in.readInt()));
                }
                records.add(new ProducerRecord<>(topic, null, key, value, headers));
            }
            return records;
        }
    }

    public void delete(Path file) throws IOException {
        long size = Files.size(file);
        Files.delete(file);
        bytes.addAndGet(-size);
        windows.remove(windowId(file));
    }
}
