package dev.tousei.catalog.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "catalog")
public interface CatalogConfig {

    Seed seed();

    Outbox outbox();

    interface Seed {
        /** Import the shipped FISC / Well-Architected catalog when the database holds no control yet. */
        @WithDefault("true")
        boolean enabled();
    }

    interface Outbox {
        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("200")
        int batchSize();
    }
}
