package dev.tousei.notification.rest;

/** Realm roles of the tousei Keycloak realm. analyst, auditor and admin are composites that include viewer. */
public final class Roles {

    public static final String VIEWER = "viewer";
    public static final String ANALYST = "analyst";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
