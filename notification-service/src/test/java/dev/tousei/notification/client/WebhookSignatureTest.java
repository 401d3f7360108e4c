package dev.tousei.notification.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Test
    void matchesAnIndependentlyComputedHmac() {
        // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'k3y-0123456789abcdef'
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign("k3y-0123456789abcdef", 1_700_000_000L, body);
        assertThat(signature).isEqualTo("v1=" + OpenSsl.HMAC);
        assertThat(WebhookSignature.verify("k3y-0123456789abcdef", "1700000000", body, signature)).isTrue();
        assertThat(WebhookSignature.verify("k3y-0123456789abcdef", "1700000001", body, signature)).isFalse();
        assertThat(WebhookSignature.verify("k3y-0123456789abcdef", "soon", body, signature)).isFalse();
        assertThat(WebhookSignature.verify(null, "1700000000", body, signature)).isFalse();
    }

    /** Computed with openssl, outside the code under test. */
    static final class OpenSsl {
        static final String HMAC = "851452b2bbd7144768f4eedd3a1387bcbe82019e09ca36b43a5753fba77023d0";
    }
}
