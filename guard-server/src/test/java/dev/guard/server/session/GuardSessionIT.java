package dev.guard.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.policy.Caller;
import dev.guard.server.it.Database;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which statement a cancel may stop. The statements are real Connector/J statements; the kills
 * are recorded instead of sent, so that the test sees exactly which ones were asked for.
 */
class GuardSessionIT {

    private final List<Long> kills = new CopyOnWriteArrayList<>();
    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        connection = Database.admin();
    }

    @AfterEach
    void disconnect() throws Exception {
        connection.close();
    }

    private GuardSession session(GuardSession.Killer killer) {
        return new GuardSession("s1", new Caller("bot", Set.of()), connection, null, "", 42L, killer);
    }

    @Test
    void aTimeoutStopsItsOwnStatementOnly() throws Exception {
        GuardSession s = session(kills::add);
        try (Statement first = connection.createStatement(); Statement next = connection.createStatement()) {
            s.running(first);
            s.running(null);
            s.running(next);
            assertThat(s.cancel(first)).isFalse(); // it fired as the first ended: the next one runs on
            assertThat(kills).isEmpty();
            assertThat(s.cancel(next)).isTrue();
            assertThat(kills).containsExactly(42L);
        }
    }

    @Test
    void nothingIsKilledWhenNothingRunsOrWhenNoLongerWanted() throws Exception {
        GuardSession s = session(kills::add);
        assertThat(s.cancel()).isFalse();
        assertThat(s.cancelIf(() -> true)).isFalse();
        try (Statement st = connection.createStatement()) {
            s.running(st);
            assertThat(s.cancelIf(() -> false)).isFalse();
            assertThat(kills).isEmpty();
            assertThat(s.cancel()).isTrue();
            assertThat(kills).containsExactly(42L);
        }
    }

    @Test
    void theNextStatementWaitsUntilAKillUnderWayIsDone() throws Exception {
        CountDownLatch killing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GuardSession s = session(id -> {
            killing.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kills.add(id);
        });
        try (Statement first = connection.createStatement(); Statement next = connection.createStatement()) {
            s.running(first);
            Thread killer = Thread.startVirtualThread(() -> s.cancel(first));
            assertThat(killing.await(5, TimeUnit.SECONDS)).isTrue();
            CountDownLatch started = new CountDownLatch(1);
            Thread nextOne = Thread.startVirtualThread(() -> {
                s.running(null);
                s.running(next);
                started.countDown();
            });
            assertThat(started.await(300, TimeUnit.MILLISECONDS)).isFalse();
            release.countDown();
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            killer.join();
            nextOne.join();
            assertThat(kills).containsExactly(42L);
        }
    }
}
