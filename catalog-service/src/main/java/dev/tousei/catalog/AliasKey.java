package dev.tousei.catalog;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The lookup key of one spelling of a control id: NFKC (full-width digits and letters become ASCII), upper case,
 * white space removed. So {@code ＳＥＣ４－１}, {@code sec4-1} and {@code SEC 4-1} find the same control.
 */
public final class AliasKey {

    private AliasKey() {
    }

    public static String of(String spelling) {
        String folded = Normalizer.normalize(spelling, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
        return folded.replaceAll("\\s+", "");
    }
}
