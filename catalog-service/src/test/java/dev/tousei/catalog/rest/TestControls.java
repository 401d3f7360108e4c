package dev.tousei.catalog.rest;

import java.util.Map;
import java.util.UUID;

/** Request bodies for controls the tests create under the Well-Architected SEC4 question. */
final class TestControls {

    private TestControls() {
    }

    static String newId() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> requirement(String id, String titleEn) {
        return Map.ofEntries(
                Map.entry("id", id),
                Map.entry("frameworkId", "aws-wa-security"),
                Map.entry("displayId", "TEST " + id),
                Map.entry("aliases", java.util.List.of("ALIAS-" + id)),
                Map.entry("parentId", "sec04"),
                Map.entry("kind", "REQUIREMENT"),
                Map.entry("titleJa", "テスト統制 " + id),
                Map.entry("titleEn", titleEn),
                Map.entry("summaryJa", "テスト用の統制"),
                Map.entry("summaryEn", "A control made by a test"),
                Map.entry("responsibility", Map.of("aws", "INFORMATION", "customer", "PRIMARY")),
                Map.entry("assessmentMode", "AUTOMATED"),
                Map.entry("freshness", "PT24H"),
                Map.entry("defaultSeverity", "HIGH"));
    }

    static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        var copy = new java.util.HashMap<>(body);
        copy.put(key, value);
        return copy;
    }
}
