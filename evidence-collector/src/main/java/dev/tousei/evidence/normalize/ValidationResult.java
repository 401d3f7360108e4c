package dev.tousei.evidence.normalize;

/** What {@link EnvelopeValidator#validate} decided: an accepted {@link Envelope} or a {@link Rejection}. */
public sealed interface ValidationResult permits Envelope, Rejection {
}
