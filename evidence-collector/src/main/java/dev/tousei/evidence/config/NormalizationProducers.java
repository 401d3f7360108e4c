package dev.tousei.evidence.config;

import dev.tousei.evidence.normalize.EnvelopeValidator;
import dev.tousei.evidence.normalize.EvidenceNormalizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The normalisation classes are plain Java (unit-tested without Quarkus); this makes them beans. */
class NormalizationProducers {

    @Produces
    @ApplicationScoped
    EnvelopeValidator envelopeValidator(Clock clock) {
        return new EnvelopeValidator(clock);
    }

    @Produces
    @ApplicationScoped
    EvidenceNormalizer evidenceNormalizer() {
        return new EvidenceNormalizer();
    }
}
