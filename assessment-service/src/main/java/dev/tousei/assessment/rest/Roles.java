package dev.tousei.assessment.rest;

/** Realm roles of the tousei Keycloak realm. analyst, auditor and admin are composites that include viewer. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String AUDITOR = "auditor";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
