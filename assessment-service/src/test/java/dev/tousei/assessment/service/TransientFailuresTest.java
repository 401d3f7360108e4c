package dev.tousei.assessment.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void aLostOrRefusedConnectionAndADeadlockPassWithTime() {
        assertThat(TransientFailures.isTransient(new HibernateException(new ConnectException("Connection refused"))))
                .isTrue();
        assertThat(TransientFailures.isTransient(ClosedConnectionException.INSTANCE)).isTrue();
        assertThat(TransientFailures.isTransient(new PgException("deadlock detected", "ERROR", "40P01", null)))
                .isTrue();
        assertThat(TransientFailures.isTransient(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)))
                .isTrue();
    }

    @Test
    void anAttemptThatGaveNoOutcomeInTimeIsRetried() {
        // what the consumer's bound on an attempt raises (Mutiny's own type), and what ending an idle transaction's
        // session reports
        assertThat(TransientFailures.isTransient(new io.smallrye.mutiny.TimeoutException())).isTrue();
        assertThat(TransientFailures.isTransient(new TimeoutException("no outcome after 30 s"))).isTrue();
        assertThat(TransientFailures.isTransient(new PgException(
                "terminating connection due to idle-in-transaction timeout", "FATAL", "25P03", null))).isTrue();
        assertThat(TransientFailures.isTransient(new HibernateException(
                new NoStackTraceThrowable("Connection is not active now, current status: CLOSED")))).isTrue();
    }

    @Test
    void aRecordThatCannotBeAppliedDoesNot() {
        assertThat(TransientFailures.isTransient(new NullPointerException("eventTime of evidence"))).isFalse();
        assertThat(TransientFailures.isTransient(new PgException("value too long", "ERROR", "22001", null)))
                .isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("not an evidence-recorded event")))
                .isFalse();
    }
}
