package dev.tousei.assessment.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.json.JSONTokener;

/** What auditors' tools would check of our exports: the OSCAL schema, and CSV read back per RFC 4180. */
public final class ExportChecks {

    /** NIST's OSCAL 1.1.3 assessment-results schema as shipped in liboscal-java, unchanged (draft-07, formats on). */
    private static final Schema ASSESSMENT_RESULTS = load("schema/json/oscal-ar_schema.json");

    private ExportChecks() {
    }

    /** Every violation of the OSCAL assessment-results schema, or none. */
    public static List<String> oscalViolations(JsonNode document) {
        try {
            ASSESSMENT_RESULTS.validate(new JSONObject(document.toString()));
            return List.of();
        } catch (ValidationException e) {
            return e.getAllMessages();
        }
    }

    /**
     * The records of an RFC 4180 text (quoted fields may hold commas, doubled quotes and line breaks; records end
     * with CRLF). A bare LF or CR outside quotes, or text after a closing quote, is an error.
     */
    public static List<List<String>> csvRecords(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean fieldStarted = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' && field.isEmpty() && !fieldStarted) {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("unterminated quoted field");
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(q);
                    i++;
                }
                fieldStarted = true;
                if (i < text.length() && text.charAt(i) != ',' && text.charAt(i) != '\r') {
                    throw new IllegalArgumentException("text after a closing quote at " + i);
                }
                continue;
            }
            if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
                i++;
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    throw new IllegalArgumentException("CR without LF outside quotes at " + i);
                }
                record.add(field.toString());
                records.add(record);
                record = new ArrayList<>();
                field.setLength(0);
                fieldStarted = false;
                i += 2;
            } else if (c == '\n' || c == '"') {
                throw new IllegalArgumentException("unquoted " + (c == '"' ? "quote" : "LF") + " at " + i);
            } else {
                field.append(c);
                fieldStarted = true;
                i++;
            }
        }
        if (fieldStarted || !record.isEmpty()) {
            throw new IllegalArgumentException("the last record does not end with CRLF");
        }
        return records;
    }

    private static Schema load(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            return SchemaLoader.builder()
                    .schemaJson(new JSONObject(new JSONTokener(in)))
                    .draftV7Support()
                    .build()
                    .load()
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
