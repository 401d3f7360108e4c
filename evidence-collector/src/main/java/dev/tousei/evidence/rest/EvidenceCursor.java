package dev.tousei.evidence.rest;

import dev.tousei.evidence.repository.EvidenceQuery.Position;
import jakarta.ws.rs.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** An opaque page cursor: the event time and id of the last item served. */
final class EvidenceCursor {

    private EvidenceCursor() {
    }

    static String encode(Position position) {
        String text = position.eventTime().toString() + "|" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new BadRequestException("cursor is not one this API issued");
        }
    }
}
