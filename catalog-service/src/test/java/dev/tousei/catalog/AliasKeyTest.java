package dev.tousei.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AliasKeyTest {

    @Test
    void fullWidthCaseAndSpacesDoNotMatter() {
        assertThat(AliasKey.of("ＳＥＣ４－１")).isEqualTo(AliasKey.of("sec4-1")).isEqualTo("SEC4-1");
        assertThat(AliasKey.of("統２０ ３-(１)")).isEqualTo(AliasKey.of("統20 3-(1)")).isEqualTo("統203-(1)");
    }
}
