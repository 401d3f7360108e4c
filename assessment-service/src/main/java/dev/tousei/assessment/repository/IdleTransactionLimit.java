package dev.tousei.assessment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Duration;

/**
 * Has PostgreSQL end the current transaction's session when it sits idle longer than a limit
 * ({@code idle_in_transaction_session_timeout}, for this transaction only). A transaction whose client stopped (a
 * reactive chain that never completes) would otherwise hold its row locks forever and stop every other writer of
 * those rows; its client gives up by its own timeout and retries in a new transaction.
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
