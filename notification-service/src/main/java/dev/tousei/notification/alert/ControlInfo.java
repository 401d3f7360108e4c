package dev.tousei.notification.alert;

/** What the catalog says of one control, as far as alerts need it. */
public record ControlInfo(String controlId, String displayId, String frameworkId, String title, Severity severity) {
}
