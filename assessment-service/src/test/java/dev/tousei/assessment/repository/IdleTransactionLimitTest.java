package dev.tousei.assessment.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tousei.assessment.service.TransientFailures;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** With the real PostgreSQL: a transaction left idle past its limit is ended by the server, one that is not, is not. */
@QuarkusTest
class IdleTransactionLimitTest {

    @Inject
    Vertx vertx;

    @Test
    void aTransactionIdleLongerThanItsLimitIsEndedByPostgresql() {
        Throwable failure = catchThrowable(() -> selectOneAfterIdling(Duration.ofMillis(300), Duration.ofMillis(1500)));

        assertThat(failure).as("the statement after the idle pause").isNotNull();
        assertThat(endedByTheServer(failure)).as("failure chain of %s", failure).isTrue();
        assertThat(TransientFailures.isTransient(failure)).as("retried, not dead-lettered").isTrue();
    }

    @Test
    void aTransactionWithinItsLimitCompletes() throws Exception {
        assertThat(selectOneAfterIdling(Duration.ofSeconds(10), Duration.ofMillis(1500))).isEqualTo(1);
    }

    /** Sets the limit, pauses on the Vert.x context (as a stalled client would), then runs one statement. */
    private Integer selectOneAfterIdling(Duration limit, Duration pause) throws Exception {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        var context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> Panache.withTransaction(() -> IdleTransactionLimit.set(limit)
                        .chain(() -> Uni.createFrom().<Void>emitter(emitter -> vertx.setTimer(pause.toMillis(),
                                timer -> emitter.complete(null))))
                        .chain(() -> Panache.getSession().chain(session -> session
                                .createNativeQuery("select 1", Integer.class).getSingleResult())))
                .subscribe().with(result::complete, result::completeExceptionally));
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) (e.getCause() instanceof Exception cause ? cause : e);
        }
    }

    private static boolean endedByTheServer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && "25P03".equals(pg.getSqlState())
                    || cause instanceof io.vertx.sqlclient.ClosedConnectionException
                    || String.valueOf(cause.getMessage()).startsWith("Connection is not active now, current status: CLOSED")) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
