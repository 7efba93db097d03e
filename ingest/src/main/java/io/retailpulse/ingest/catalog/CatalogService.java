package io.retailpulse.ingest.catalog;

import io.retailpulse.common.events.CatalogEvent;
import io.retailpulse.ingest.kafka.PublishFailedException;
import io.retailpulse.ingest.kafka.RecordLog;
import io.retailpulse.ingest.kafka.Records;
import io.retailpulse.ingest.platform.CapabilityApi;
import io.retailpulse.ingest.platform.IngestConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The catalog: writes entries to MySQL, then publishes them on the compacted {@code retail.catalog}, and keeps
 * the ids known to this process in memory so transaction windows rarely ask the database.
 */
@CapabilityApi
@ApplicationScoped
public class CatalogService {
    private final CatalogRepository repository;
    private final RecordLog log;
    private final Records records;
    private final IngestConfig config;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public CatalogService(CatalogRepository repository, RecordLog log, Records records, IngestConfig config) {
        this.repository = repository;
        this.log = log;
        this.records = records;
        this.config = config;
    }

    /** Adds or replaces entries and publishes them; blocking; {@link PublishFailedException} if not done. */
    public void upsert(List<CatalogEvent> entries) {
        try {
            repository.upsert(entries).await().atMost(config.dbTimeout());
            publish(entries);
        } catch (RuntimeException e) {
            throw new PublishFailedException("catalog: " + e.getMessage(), 0, e);
        }
    }

    /**
     * Adds entries whose ids are not in the catalog yet (auto-registration) and publishes them; blocking;
     * {@link PublishFailedException} if not done.
     */
    public void registerMissing(List<CatalogEvent> entries) {
        try {
            repository.insertMissing(entries).await().atMost(config.dbTimeout());
            publish(entries);
        } catch (RuntimeException e) {
            throw new PublishFailedException("catalog: " + e.getMessage(), 0, e);
        }
    }

    /** Of {@code ids}, those of {@code kind} not in the catalog; blocking. */
    public Set<String> unknown(String kind, Collection<String> ids) {
        Set<String> unknown = new HashSet<>();
        for (String id : ids) {
            if (!known.contains(kind + ":" + id)) {
                unknown.add(id);
            }
        }
        if (unknown.isEmpty()) {
            return unknown;
        }
        Set<String> found = repository.existing(kind, unknown).await().atMost(config.dbTimeout());
        found.forEach(id -> known.add(kind + ":" + id));
        unknown.removeAll(found);
        return unknown;
    }

    public Uni<List<CatalogEvent>> list(String kind) {
        return repository.list(kind);
    }

    private void publish(List<CatalogEvent> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Uni.join()
                .all(entries.stream()
                        .map(e -> log.send(records.json(CatalogEvent.TOPIC, e.key(), e)))
                        .toList())
                .andFailFast()
                .await()
                .atMost(config.dbTimeout());
        entries.forEach(e -> known.add(e.key()));
    }
}
