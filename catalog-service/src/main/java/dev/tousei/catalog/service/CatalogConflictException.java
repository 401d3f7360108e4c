package dev.tousei.catalog.service;

/** The change collides with the catalog's current state: a stale version, a taken id or alias, existing children. */
public class CatalogConflictException extends RuntimeException {

    public CatalogConflictException(String detail) {
        super(detail);
    }
}
