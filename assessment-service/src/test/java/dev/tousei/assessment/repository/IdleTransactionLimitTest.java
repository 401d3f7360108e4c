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

/**
 * With the real PostgreSQL: every connection starts with the service's idle limit; a transaction left idle past its
 * limit is ended by the server, one that is not, is not.
 */
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

    @Test
    void everyConnectionStartsWithTheServiceDefault() throws Exception {
        CompletableFuture<String> setting = new CompletableFuture<>();
        onVertxContext(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select current_setting('idle_in_transaction_session_timeout')", String.class)
                        .getSingleResult())), setting);

        assertThat(setting.get(30, TimeUnit.SECONDS)).isEqualTo("20s");
    }

    /** Sets the limit, pauses on the Vert.x context (as a stalled client would), then runs one statement. */
    private Integer selectOneAfterIdling(Duration limit, Duration pause) throws Exception {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        onVertxContext(() -> Panache.withTransaction(() -> IdleTransactionLimit.set(limit)
                .chain(() -> Uni.createFrom().<Void>emitter(emitter -> vertx.setTimer(pause.toMillis(),
                        timer -> emitter.complete(null))))
                .chain(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery("select 1", Integer.class).getSingleResult()))), result);
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (Exception) (e.getCause() instanceof Exception cause ? cause : e);
        }
    }

    /** Hibernate Reactive sessions live on a Vert.x context, as in the consumers. */
    private <T> void onVertxContext(java.util.function.Supplier<Uni<T>> work, CompletableFuture<T> result) {
        var context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.get().subscribe().with(result::complete, result::completeExceptionally));
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
