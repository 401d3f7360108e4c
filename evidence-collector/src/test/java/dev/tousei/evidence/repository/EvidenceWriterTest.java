package dev.tousei.evidence.repository;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceWriterTest {

    @Test
    void arrayLiteralQuotesEveryElement() {
        assertThat(EvidenceWriter.arrayLiteral(List.of())).isEqualTo("{}");
        assertThat(EvidenceWriter.arrayLiteral(List.of("arn:aws:s3:::b", "NULL", "a,b", "{x}")))
                .isEqualTo("{\"arn:aws:s3:::b\",\"NULL\",\"a,b\",\"{x}\"}");
    }

    @Test
    void arrayLiteralEscapesQuotesAndBackslashes() {
        assertThat(EvidenceWriter.arrayLiteral(List.of("say \"hi\"", "C:\\dir")))
                .isEqualTo("{\"say \\\"hi\\\"\",\"C:\\\\dir\"}");
    }
}
