package dev.tousei.assessment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Sets how long PostgreSQL lets the current transaction sit idle before it ends its session
 * ({@code idle_in_transaction_session_timeout}, for this transaction only). Every connection starts with 20 s
 * (application.properties): a transaction whose client stopped would otherwise hold its row locks forever. A
 * transaction that legitimately waits longer between statements (the outbox relay waits for Kafka) raises it here.
 */
public final class IdleTransactionLimit {

    private IdleTransactionLimit() {
    }

    /** To be called first in the transaction; the setting ends with it. */
    public static Uni<Void> set(Duration limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select set_config('idle_in_transaction_session_timeout', ?1, true)", String.class)
                .setParameter(1, limit.toMillis() + "ms")
                .getSingleResult())
                .replaceWithVoid();
    }
}
