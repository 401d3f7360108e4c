package dev.tousei.catalog.service;

public class ControlNotFoundException extends RuntimeException {

    public ControlNotFoundException(String what) {
        super(what + " was not found");
    }
}
