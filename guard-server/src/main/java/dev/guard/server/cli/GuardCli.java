package dev.guard.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code guard} command line. */
@Command(name = "guard", mixinStandardHelpOptions = true, version = "guard 0.1.0",
        description = "Guard: a policy gateway between agents and MySQL.",
        subcommands = {CheckCommand.class, ServeCommand.class})
public final class GuardCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new GuardCli()).execute(args));
    }
}
