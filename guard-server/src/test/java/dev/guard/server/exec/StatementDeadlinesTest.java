package dev.guard.server.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatementDeadlinesTest {

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final StatementDeadlines deadlines = new StatementDeadlines(timers);

    @AfterEach
    void stop() {
        deadlines.close();
        timers.shutdownNow();
    }

    @Test
    void aStatementPastItsLimitIsStoppedOnceWithinATick() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger stops = new AtomicInteger();
        long t0 = System.nanoTime();
        StatementDeadlines.Deadline d = deadlines.start(Duration.ofMillis(100), () -> {
            stops.incrementAndGet();
            stopped.countDown();
        });
        assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(waited).isGreaterThanOrEqualTo(100);
        Thread.sleep(3 * StatementDeadlines.TICK.toMillis());
        assertThat(deadlines.finish(d)).isTrue();
        assertThat(deadlines.finish(d)).isTrue();
        assertThat(stops.get()).isEqualTo(1);
    }

    @Test
    void aStatementThatEndsInTimeIsNeverStopped() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        StatementDeadlines.Deadline d = deadlines.start(Duration.ofMillis(60), stops::incrementAndGet);
        assertThat(deadlines.finish(d)).isFalse();
        Thread.sleep(60 + 5 * StatementDeadlines.TICK.toMillis());
        assertThat(stops.get()).isZero();
        assertThat(deadlines.finish(d)).isFalse(); // ended in time, whenever asked
    }

    @Test
    void anEnormousLimitDoesNotOverflow() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        StatementDeadlines.Deadline d = deadlines.start(Duration.ofSeconds(Long.MAX_VALUE), stops::incrementAndGet);
        Thread.sleep(5 * StatementDeadlines.TICK.toMillis());
        assertThat(stops.get()).isZero();
        assertThat(deadlines.finish(d)).isFalse();
    }
}
