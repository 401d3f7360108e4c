package dev.tousei.evidence.repository;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Evidence ids: UUID version 7 (RFC 9562), 48 bits of Unix milliseconds followed by 74 random bits. Ids of one batch
 * sort together, so primary-key inserts land on the right edge of the index instead of on random pages, and making
 * one needs no SecureRandom (ids identify evidence; they are not secrets: every read needs a token).
 */
final class EvidenceIds {

    private EvidenceIds() {
    }

    static UUID next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long leastSignificant = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }
}
