package dev.tousei.evidence.fuzz;

/** What the fuzzer did to a real-shaped envelope; {@link #weight} is its share of the cases, in percent. */
public enum Mutation {
    /** Left as generated: must be stored. */
    NONE(10),
    /** Cut at a random byte (possibly inside a multi-byte character, possibly to nothing). */
    TRUNCATE(7),
    /** An envelope field given another JSON type (string, number, array, object, null, boolean). */
    ENVELOPE_TYPE_SWAP(8),
    /** A field anywhere inside {@code detail} given another JSON type. */
    DETAIL_TYPE_SWAP(8),
    /** An envelope or detail field removed. */
    REMOVE_FIELD(6),
    /** A key repeated in the envelope or detail object. */
    DUPLICATE_KEY(4),
    /** A string near or over the 256 KB envelope limit (value, name or envelope field). */
    HUGE_STRING(5),
    /** Arrays or objects nested from 10 to 10,000 levels. */
    DEEP_NESTING(5),
    /** Bytes that are not UTF-8 inside a string. */
    INVALID_UTF8(5),
    /** A byte-order mark before the envelope or inside a string, or a UTF-16 one. */
    BOM(3),
    /** A NUL byte raw in a string, as a {@code \u0000} escape, or after the envelope. */
    NUL(4),
    /** Leap seconds, years 0 and 9999, offsets, epoch numbers, empty and malformed times. */
    ODD_TIME(8),
    /** Empty, blank, long, unicode, control-character and lone-surrogate ids. */
    ODD_ID(7),
    /** Empty, 11 and 13 digits, unicode and full-width digits, numbers, padded accounts. */
    ODD_ACCOUNT(6),
    /** An earlier unmutated case sent again byte for byte: must be recognised as already stored. */
    DUPLICATE_DELIVERY(4),
    /** An earlier unmutated case's id (and CloudTrail eventID) with other content: must be ignored as a duplicate. */
    DUPLICATE_ID(3),
    /** Empty, other JSON types, an array of envelopes, XML, random bytes, JSON with comments or NaN. */
    NOT_JSON(5),
    /** A Kafka record with a null value (and a null or an account key). */
    NULL_VALUE(2);

    final int weight;

    Mutation(int weight) {
        this.weight = weight;
    }

    /** Deliberate repeats of an earlier case: their outcome is "duplicate ignored", not a new row. */
    public boolean repeatsAnEarlierCase() {
        return this == DUPLICATE_DELIVERY || this == DUPLICATE_ID;
    }
}
