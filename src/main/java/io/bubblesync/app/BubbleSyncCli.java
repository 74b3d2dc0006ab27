package io.bubblesync.app;

import io.bubblesync.relay.config.ConfigurationError;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** bubble-sync: the command line. {@code run} is the default. */
@Command(name = "bubble-sync", mixinStandardHelpOptions = true, version = "bubble-sync relay 0.1.0",
        description = "Delivers the sync_queue outbox to Bubble through its sync.target: the bubble_sync function, "
                + "the deployed function's own actions (legacy) or Bubble's Data API (bubble).",
        subcommands = {RunCommand.class, OnceCommand.class, StatusCommand.class, MigrateCommand.class, RunsCommand.class,
                RequeueCommand.class, CleanupCommand.class, PauseCommand.class, ResumeCommand.class, RunNowCommand.class, HealthCommand.class,
                BubbleEmulatorCommand.class, DoctorCommand.class, RoutesCommand.class, BackfillCommand.class, ReconcileCommand.class})
public class BubbleSyncCli implements Runnable {
    /** Exit code for configuration and schema problems. */
    static final int CONFIG_ERROR = 2;

    @Option(names = "--config", description = "properties file layered over the packaged application.properties",
            scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @Override
    public void run() {
        new CommandLine(new RunCommand()).execute();
    }

    public static void main(String... args) throws Exception {
        // the relay's logging set-up, kept out of logback's default logback.xml so it never configures a host's logging
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "bubble-sync/logback.xml");
        }
        String[] effective = args.length == 0 ? new String[] {"run"} : args;
        java.util.OptionalInt child = JvmLauncher.relaunch(effective);
        System.exit(child.isPresent() ? child.getAsInt() : execute(effective));
    }

    /** Runs a command and returns its exit code (0 ok, 1 failure, 2 configuration problem). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new BubbleSyncCli());
        // a mistyped option or value: one line (not the usage text), exit code 2, nothing touched
        cli.setParameterExceptionHandler((e, argv) -> {
            e.getCommandLine().getErr().println("bubble-sync: " + e.getMessage().lines().findFirst().orElse("")
                    + " (see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return CONFIG_ERROR;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigurationError) {
                cmd.getErr().println("bubble-sync: " + e.getMessage());
                return CONFIG_ERROR;
            }
            cmd.getErr().println("bubble-sync: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }
}
