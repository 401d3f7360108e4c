package dev.tousei.assessment;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.UUID;

/**
 * Lists kept as JSON text. Hibernate Reactive's JSON type binds only JSON objects, not top-level arrays, so list
 * columns are text holding a JSON array.
 */
public final class JsonListConverters {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private JsonListConverters() {
    }

    abstract static class JsonList<T> implements AttributeConverter<List<T>, String> {

        private final TypeReference<List<T>> type;

        JsonList(TypeReference<List<T>> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(List<T> value) {
            try {
                return JSON.writeValueAsString(value == null ? List.of() : value);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot store list as JSON", e);
            }
        }

        @Override
        public List<T> convertToEntityAttribute(String column) {
            try {
                return column == null ? List.of() : JSON.readValue(column, type);
            } catch (Exception e) {
                throw new IllegalArgumentException("stored JSON list is unreadable", e);
            }
        }
    }

    @Converter
    public static class Uuids extends JsonList<UUID> {
        public Uuids() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class Strings extends JsonList<String> {
        public Strings() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class Attachments extends JsonList<AttestationRow.AttachmentRef> {
        public Attachments() {
            super(new TypeReference<>() { });
        }
    }
}
