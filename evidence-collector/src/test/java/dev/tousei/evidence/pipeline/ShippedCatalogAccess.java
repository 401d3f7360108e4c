package dev.tousei.evidence.pipeline;

import java.nio.file.Path;

/**
 * Public entry to the package-private {@link ShippedCatalog} for the benchmark drivers in
 * {@code dev.tousei.evidence.bench}, which run outside JUnit. The catalog is read from the sibling module, so the
 * working directory must be {@code evidence-collector}.
 */
public final class ShippedCatalogAccess {

    private ShippedCatalogAccess() {
    }

    /** Publishes the shipped catalog's control-changed events to {@code topic}; returns how many. */
    public static int publishTo(String bootstrapServers, String topic) {
        ShippedCatalog.publishTo(bootstrapServers, topic);
        return ShippedCatalog.events().size();
    }

    /** The catalog's seed folder ({@code ../catalog-service/src/main/resources/catalog}). */
    public static Path catalogDirectory() {
        return ShippedCatalog.CATALOG;
    }
}
