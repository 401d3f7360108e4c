package dev.tousei.evidence.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EvidenceIdsTest {

    @Test
    void areVersion7WithTheTimestampInFront() {
        long millis = Instant.parse("2026-12-03T10:15:30.123Z").toEpochMilli();
        UUID id = EvidenceIds.next(millis);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF));
    }

    @Test
    void sortByTimeAndDoNotRepeat() {
        long millis = 1_790_000_000_000L;
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(EvidenceIds.next(millis));
        }
        assertThat(ids).hasSize(10_000);
        assertThat(EvidenceIds.next(millis + 1).toString()).isGreaterThan(EvidenceIds.next(millis).toString());
    }
}
