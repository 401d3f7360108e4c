package dev.tousei.evidence.rest;

/** Realm roles of the tousei Keycloak realm. analyst, auditor and admin are composites that include viewer. */
public final class Roles {

    public static final String VIEWER = "viewer";
    /** The event-ingest client (Amazon EventBridge API destinations, CloudTrail replay). */
    public static final String INGEST = "ingest";

    private Roles() {
    }
}
