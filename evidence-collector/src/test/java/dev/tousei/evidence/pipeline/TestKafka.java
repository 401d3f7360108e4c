package dev.tousei.evidence.pipeline;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.UUID;

/**
 * Gives each test run its own inbound, dead-letter, catalog and evidence-recorded topics on the local Kafka, and fills the catalog
 * topic with the shipped catalog (as catalog-service would) before the collector starts.
 */
public class TestKafka implements QuarkusTestResourceLifecycleManager {

    static final String BOOTSTRAP = "127.0.0.1:9092";
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String INPUT = "test.aws.events." + RUN;
    static final String DEAD_LETTERS = "dlq.evidence-collector." + INPUT;
    static final String CATALOG = "test.catalog.control-changed." + RUN;
    static final String RECORDED = "test.evidence.evidence-recorded." + RUN;

    @Override
    public Map<String, String> start() {
        ShippedCatalog.publishTo(BOOTSTRAP, CATALOG);
        return Map.of(
                "evidence.input-topic", INPUT,
                "evidence.dead-letter-topic", DEAD_LETTERS,
                "evidence.catalog-topic", CATALOG,
                "mp.messaging.outgoing.evidence-recorded.topic", RECORDED,
                "mp.messaging.incoming.aws-events.group.id", "evidence-collector-test-" + RUN);
    }

    @Override
    public void stop() {
    }
}
