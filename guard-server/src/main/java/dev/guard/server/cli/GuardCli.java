package dev.guard.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code guard} command line. This class and {@code check} are compiled for Java 17, so
 * that policies can be checked wherever agents run; {@code serve} needs Java 21 (virtual
 * threads) and is loaded only there.
 */
@Command(name = "guard", mixinStandardHelpOptions = true, version = "guard 0.1.0",
        description = "Guard: a policy gateway between agents and MySQL.")
public final class GuardCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GuardCli());
        cl.addSubcommand("check", new CheckCommand());
        cl.addSubcommand("serve", serve());
        return cl;
    }

    private static Object serve() {
        if (Runtime.version().feature() >= 21) {
            try {
                return Class.forName("dev.guard.server.cli.ServeCommand").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the serve command is missing from this build", e);
            }
        }
        return new NeedsJava21();
    }

    /** {@code serve} on a Java older than 21. */
    @Command(name = "serve", description = "Run the Guard gateway (needs Java 21 or newer).")
    static final class NeedsJava21 implements Callable<Integer> {
        @CommandLine.Option(names = "--config")
        String config;

        @Override
        public Integer call() {
            System.err.println("guard serve: the gateway needs Java 21 or newer; this is Java " + Runtime.version().feature());
            return 2;
        }
    }
}
