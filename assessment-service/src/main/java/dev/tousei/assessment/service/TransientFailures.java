package dev.tousei.assessment.service;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a failure that will pass (the database restarting, a lost connection, a deadlock victim) from one that will
 * not (a record that cannot be applied). Evidence is retried on the first kind and dead-lettered only on the second,
 * so an outage of PostgreSQL never sends good evidence to the dead-letter topic.
 */
public final class TransientFailures {

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof ClosedConnectionException
                    || cause instanceof TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
            if (cause instanceof PgException pg && isTransientState(pg.getSqlState())) {
                return true;
            }
            // how Hibernate Reactive reports a connection the server has closed under it (no exception type of its own)
            if (cause instanceof NoStackTraceThrowable && String.valueOf(cause.getMessage())
                    .startsWith("Connection is not active now")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Connection exceptions (08), serialization failures and deadlocks (40), resources (53), shutdown (57P), a
     * transaction ended for idling (25P03, see IdleTransactionLimit).
     */
    private static boolean isTransientState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("40") || sqlState.startsWith("53")
                || sqlState.startsWith("57P") || sqlState.equals("25P03"));
    }
}
