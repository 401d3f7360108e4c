package dev.tousei.assessment.export;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Current statuses as RFC 4180 CSV for auditors: UTF-8 with a byte order mark (without it, Excel on a Japanese
 * Windows reads the file as Shift_JIS and garbles the Japanese titles), CRLF after every record, a header row.
 *
 * <p>A field is quoted when it holds a comma, a double quote, CR or LF, and its double quotes are doubled. Against
 * CSV (formula) injection, a field starting with {@code =}, {@code +}, {@code -}, {@code @}, tab or CR gets a leading
 * single quote, so a spreadsheet shows it as text instead of evaluating it: reasons and resource names come from
 * AWS events that anyone with access to the monitored accounts can shape.
 *
 * <p>Lists (evidence ids, attestation ids, failed resources) are space-separated in one field; times are ISO-8601
 * UTC ({@code 2026-04-01T09:30:00Z}).
 */
@ApplicationScoped
public class CsvExporter {

    public static final List<String> HEADER = List.of("framework", "control_id", "display_id", "title_ja", "title_en",
            "account", "status", "since", "reason", "evidence_ids", "attestation_ids", "failed_resources");

    static final char BYTE_ORDER_MARK = '\uFEFF';
    static final String LINE_END = "\r\n";

    /** First characters that make a spreadsheet treat a cell as a formula (OWASP's list). */
    private static final String FORMULA_START = "=+-@\t\r";

    public byte[] export(List<AssessedControl> controls) {
        StringBuilder out = new StringBuilder().append(BYTE_ORDER_MARK);
        record(out, HEADER);
        for (AssessedControl control : controls) {
            record(out, List.of(
                    text(control.frameworkId()),
                    text(control.controlId()),
                    text(control.displayId()),
                    text(control.titleJa()),
                    text(control.titleEn()),
                    text(control.accountId()),
                    text(control.status()),
                    control.since() == null ? "" : DateTimeFormatter.ISO_INSTANT.format(control.since()),
                    text(control.reason()),
                    control.evidenceIds().stream().map(UUID::toString).collect(Collectors.joining(" ")),
                    control.attestationIds().stream().map(UUID::toString).collect(Collectors.joining(" ")),
                    String.join(" ", control.failedResources())));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void record(StringBuilder out, List<String> fields) {
        out.append(fields.stream().map(CsvExporter::field).collect(Collectors.joining(","))).append(LINE_END);
    }

    /** One field as written: guarded against formula injection, then quoted if it needs to be. */
    static String field(String value) {
        if (value.isEmpty()) {
            return value;
        }
        String guarded = FORMULA_START.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quoted = guarded.chars().anyMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n');
        return quoted ? '"' + guarded.replace("\"", "\"\"") + '"' : guarded;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
