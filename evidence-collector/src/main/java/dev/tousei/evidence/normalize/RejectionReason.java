package dev.tousei.evidence.normalize;

/** Why a record value is not an EventBridge envelope the collector can keep as evidence. All are permanent. */
public enum RejectionReason {
    /** Empty, not JSON, trailing content after the object, or an object with a duplicate key. */
    MALFORMED_JSON,
    /** Valid JSON, but not an object. */
    NOT_AN_OBJECT,
    /** More than {@link EnvelopeValidator#MAX_ENVELOPE_BYTES} bytes, EventBridge's own limit. */
    OVERSIZE,
    /** A required envelope field is absent, null or blank. */
    MISSING_FIELD,
    /** A required envelope field has the wrong JSON type. */
    WRONG_TYPE,
    /** {@code account} is not exactly twelve ASCII digits. */
    INVALID_ACCOUNT,
    /** {@code time} is not an ISO-8601 instant with an offset, or lies outside the plausible window. */
    INVALID_TIME,
    /** {@code id} is blank, too long or holds control characters. */
    INVALID_ID,
    /** The bytes are not valid UTF-8. */
    INVALID_ENCODING,
    /** Nested deeper than {@link EnvelopeValidator#MAX_NESTING_DEPTH}. */
    TOO_DEEP,
    /** {@code version} is not "0". */
    UNSUPPORTED_VERSION
}
