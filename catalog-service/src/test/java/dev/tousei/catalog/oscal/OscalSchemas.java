package dev.tousei.catalog.oscal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;

/**
 * OSCAL's JSON schemas, loaded into the everit validator (draft-07, with format checks).
 *
 * <ul>
 * <li>{@link #CATALOG}: NIST's OSCAL 1.1.3 catalog schema as shipped in liboscal-java
 * ({@code schema/json/oscal-catalog_schema.json}), unchanged.</li>
 * <li>{@link #MAPPING_AS_PUBLISHED}: NIST's mapping schema saved in {@code oscal/oscal_mapping_schema.json}, unchanged
 * (a development snapshot; see the README beside it).</li>
 * <li>{@link #MAPPING}: the same with the two corrections that bring it to the OSCAL 1.2.0 mapping model, as the
 * README explains: the required {@code provenance} assembly, and {@code relationship} as a token.</li>
 * </ul>
 */
final class OscalSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final Schema CATALOG = load(read("schema/json/oscal-catalog_schema.json"));
    static final Schema MAPPING_AS_PUBLISHED = load(read("oscal/oscal_mapping_schema.json"));
    static final Schema MAPPING = load(corrected(read("oscal/oscal_mapping_schema.json")));

    /** From oscal_mapping-common_metaschema.xml (usnistgov/OSCAL@abf27df1), define-assembly mapping-provenance. */
    private static final String PROVENANCE = """
            { "title" : "Mapping Provenance",
              "type" : "object",
              "properties" : {
                "method" : { "allOf" : [ { "$ref" : "#/definitions/StringDatatype" },
                                         { "enum" : [ "human", "automation" ] } ] },
                "matching-rationale" : { "allOf" : [ { "$ref" : "#/definitions/StringDatatype" },
                                                     { "enum" : [ "syntactic", "semantic", "functional" ] } ] },
                "status" : { "allOf" : [ { "$ref" : "#/definitions/StringDatatype" },
                                         { "enum" : [ "complete", "not-complete", "draft", "deprecated",
                                                      "superseded" ] } ] },
                "confidence-score" : { "type" : "object",
                                       "properties" : { "category" : { "$ref" : "#/definitions/StringDatatype" },
                                                        "percentage" : { "type" : "number" } },
                                       "additionalProperties" : false },
                "mapping-description" : { "type" : "string" },
                "responsible-parties" : { "type" : "array", "minItems" : 1,
                                          "items" : { "$ref" : "#assembly_oscal-metadata_responsible-party" } },
                "props" : { "type" : "array", "minItems" : 1,
                            "items" : { "$ref" : "#assembly_oscal-metadata_property" } },
                "links" : { "type" : "array", "minItems" : 1,
                            "items" : { "$ref" : "#assembly_oscal-metadata_link" } },
                "remarks" : { "$ref" : "#field_oscal-metadata_remarks" } },
              "required" : [ "method", "matching-rationale", "status", "mapping-description" ],
              "additionalProperties" : false }
            """;

    /**
     * From the same metaschema, the relationship field of map: a token (no flags, so a plain JSON string) with the
     * allowed values of OSCAL's namespace.
     */
    private static final String RELATIONSHIP = """
            { "title" : "Mapping Entry Relationship",
              "allOf" : [ { "$ref" : "#/definitions/TokenDatatype" },
                          { "enum" : [ "equivalent-to", "equal-to", "subset-of", "superset-of", "intersects-with",
                                       "no-relationship" ] } ] }
            """;

    private OscalSchemas() {
    }

    /** Every violation of the schema, or none. */
    static List<String> violations(Schema schema, JsonNode document) {
        try {
            schema.validate(new JSONObject(document.toString()));
            return List.of();
        } catch (ValidationException e) {
            return e.getAllMessages();
        }
    }

    private static Schema load(JsonNode schema) {
        return SchemaLoader.builder()
                .schemaJson(new JSONObject(schema.toString()))
                .draftV7Support()
                .build()
                .load()
                .build();
    }

    private static JsonNode corrected(JsonNode published) {
        try {
            ObjectNode definitions = (ObjectNode) published.get("definitions");
            ObjectNode collection = (ObjectNode) definitions.get("oscal-mapping-oscal-mapping:mapping-collection");
            ObjectNode properties = (ObjectNode) collection.get("properties");
            // provenance sits between metadata and mappings, as in the metaschema's model
            ObjectNode reordered = JSON.createObjectNode();
            properties.fields().forEachRemaining(field -> {
                reordered.set(field.getKey(), field.getValue());
                if (field.getKey().equals("metadata")) {
                    reordered.set("provenance", parse(PROVENANCE));
                }
            });
            collection.set("properties", reordered);
            ((ArrayNode) collection.get("required")).add("provenance");

            ObjectNode map = (ObjectNode) definitions.get("oscal-mapping-oscal-mapping-common:map");
            ((ObjectNode) map.get("properties")).set("relationship", parse(RELATIONSHIP));
            return published;
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalStateException("the saved mapping schema no longer has the shape the corrections expect",
                    e);
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
