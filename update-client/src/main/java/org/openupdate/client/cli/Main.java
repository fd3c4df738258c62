package org.openupdate.client.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openupdate.client.UpdateClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code update-client}: the command line agent. Exit codes are documented in {@link ExitCode} and
 * the module README.
 */
@Command(
    name = "update-client",
    mixinStandardHelpOptions = true,
    version = "update-client 0.1.0",
    description =
        "Checks for, verifies, installs and rolls back updates; reports to the update server.",
    subcommands = {
      Main.Check.class,
      Main.Run.class,
      Main.Apply.class,
      Main.Rollback.class,
      Main.Unskip.class,
      Main.Dismiss.class,
      Main.Schedule.class,
      Main.StatusCommand.class,
      VerifyCommand.class,
      SignCommand.class,
      RootCommand.class,
      Sha256Command.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success (installed or recalled, up to date, offer shown or skipped, unskipped, dismissed,"
          + " scheduled, rolled back on request)",
      "1:failed (nothing switched, or see the message)",
      "2:usage error",
      "3:invalid configuration",
      "4:refused (signature, expiry, product/channel, sequence replay, downgrade, hash, size;"
          + " dismissing a mandatory release past its deadline)",
      "5:another update is in progress",
      "6:outside the maintenance window",
      "7:installed but rolled back (health check or hook failed)",
      "8:server unreachable",
      "9:misconfigured (the server refuses the product, channel or license key; see the message)",
      "10:freeze suspected (no fresh signed timestamp of the channel; nothing installed)"
    })
public final class Main {
  @Option(
      names = {"-c", "--config"},
      scope = ScopeType.INHERIT,
      description =
          "configuration file (default: $UPDATE_CLIENT_CONFIG or /etc/openupdate/update-client.json)")
  Path config;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  UpdateClient client() {
    Path file = config;
    if (file == null) {
      String env = System.getenv("UPDATE_CLIENT_CONFIG");
      file = Path.of(env != null ? env : "/etc/openupdate/update-client.json");
    }
    return UpdateClient.builder().configFile(file).progressBar(System.console() != null).build();
  }

  /** Builds the client, printing a configuration error instead of a stack trace. */
  abstract static class ClientCommand implements Callable<Integer> {
    @CommandLine.ParentCommand Main main;

    @Override
    public Integer call() throws Exception {
      UpdateClient client;
      try {
        client = main.client();
      } catch (IllegalArgumentException e) {
        System.err.println("update-client: " + e.getMessage());
        return ExitCode.CONFIG;
      }
      return run(client);
    }

    abstract int run(UpdateClient client) throws Exception;

    static int print(UpdateClient.Result result) {
      String line = result.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      (ExitCode.of(result.outcome()) == 0 ? System.out : System.err)
          .println(line + ": " + result.message());
      return ExitCode.of(result.outcome());
    }
  }

  @Command(name = "check", description = "Ask the server, verify what it offers, print it.")
  static final class Check extends ClientCommand {
    @Override
    int run(UpdateClient client) {
      return print(client.check());
    }
  }

  @Command(
      name = "run",
      description = "The daemon: check every checkInterval minutes, install within the window.")
  static final class Run extends ClientCommand {
    @Option(names = "--once", description = "run one cycle and exit")
    boolean once;

    @Override
    int run(UpdateClient client) throws InterruptedException {
      if (once) {
        return print(client.runOnce());
      }
      client.run();
      return ExitCode.OK;
    }
  }

  @Command(
      name = "apply",
      description = "Install the offered release now, inside the maintenance window or not.")
  static final class Apply extends ClientCommand {
    @Option(
        names = "--within-window",
        description = "wait for the maintenance window instead (exit code 6 outside it)")
    boolean withinWindow;

    @Option(names = "--ignore-window", hidden = true, description = "the default; kept for scripts")
    boolean ignoreWindow;

    @Override
    int run(UpdateClient client) {
      return print(client.apply(!withinWindow));
    }
  }

  @Command(
      name = "dismiss",
      description =
          "Do not install the waiting VERSION until a newer release is offered (not for a mandatory"
              + " release past its deadline).")
  static final class Dismiss extends ClientCommand {
    @Parameters(arity = "1", paramLabel = "VERSION")
    String version;

    @Override
    int run(UpdateClient client) {
      return print(client.dismiss(version));
    }
  }

  @Command(
      name = "schedule",
      description =
          "Install the waiting VERSION at AT, inside the maintenance window or not, once. AT:"
              + " 2026-12-24T22:00:00Z, 2026-12-24T23:00+01:00, or 2026-12-24T22:00 in this"
              + " machine's time zone.")
  static final class Schedule extends ClientCommand {
    @Parameters(index = "0", paramLabel = "VERSION")
    String version;

    @Parameters(index = "1", paramLabel = "AT")
    String at;

    @Override
    int run(UpdateClient client) {
      Optional<java.time.Instant> when = instant(at);
      if (when.isEmpty()) {
        System.err.println(
            "update-client: AT '"
                + at
                + "' is not a date-time such as 2026-12-24T22:00:00Z or 2026-12-24T22:00");
        return 2;
      }
      return print(client.schedule(version, when.get()));
    }

    /** An ISO-8601 date-time with an offset, or a local one in this machine's time zone. */
    static Optional<java.time.Instant> instant(String text) {
      try {
        return Optional.of(java.time.OffsetDateTime.parse(text).toInstant());
      } catch (java.time.format.DateTimeParseException e) {
        // Not with an offset: maybe local.
      }
      try {
        return Optional.of(
            java.time.LocalDateTime.parse(text)
                .atZone(java.time.ZoneId.systemDefault())
                .toInstant());
      } catch (java.time.format.DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

  @Command(
      name = "rollback",
      description =
          "Switch back to VERSION, or to the newest older kept version that passed its health"
              + " check here.")
  static final class Rollback extends ClientCommand {
    @Parameters(arity = "0..1", paramLabel = "VERSION")
    String version;

    @Override
    int run(UpdateClient client) {
      UpdateClient.Result result = client.rollback(Optional.ofNullable(version));
      if (result.outcome() == UpdateClient.Outcome.ROLLED_BACK) {
        System.out.println("rolled-back: " + result.message());
        return ExitCode.OK;
      }
      return print(result);
    }
  }

  @Command(
      name = "unskip",
      description =
          "Allow VERSION again after a manual rollback or a recall made the agent skip it.")
  static final class Unskip extends ClientCommand {
    @Parameters(arity = "1", paramLabel = "VERSION")
    String version;

    @Override
    int run(UpdateClient client) {
      return print(client.unskip(version));
    }
  }

  @Command(name = "status", description = "State, versions kept and skipped, queued reports.")
  static final class StatusCommand extends ClientCommand {
    @Override
    int run(UpdateClient client) {
      UpdateClient.Status status = client.status();
      System.out.println(
          "state:           "
              + status.state()
              + (status.reason().isEmpty() ? "" : " (" + status.reason() + ")"));
      System.out.println("current version: " + status.currentVersion());
      System.out.println(
          "versions kept:   "
              + String.join(
                  ", ",
                  status.keptVersions().stream()
                      .map(v -> status.failedVersions().contains(v) ? v + " (failed here)" : v)
                      .toList()));
      System.out.println(
          "skipped:         "
              + (status.skippedVersions().isEmpty()
                  ? "none"
                  : status.skippedVersions().entrySet().stream()
                      .map(e -> e.getKey() + " (" + e.getValue() + ")")
                      .collect(java.util.stream.Collectors.joining(", "))));
      System.out.println(
          "scheduled:       "
              + (status.scheduledInstall().isEmpty() ? "none" : status.scheduledInstall()));
      System.out.println("highest seen:    " + status.highestSeen());
      System.out.println(
          "sequence:        "
              + (status.sequences().isEmpty()
                  ? "none"
                  : new java.util.TreeMap<>(status.sequences())
                      .entrySet().stream()
                          .map(e -> e.getKey() + " " + e.getValue())
                          .collect(java.util.stream.Collectors.joining(", "))));
      System.out.println("queued reports:  " + status.queuedReports());
      System.out.println("trust root:      " + status.trustRoot());
      System.out.println("freshness:       " + status.freshness());
      System.out.println(
          "next check:      "
              + (status.nextCheck().isEmpty() ? "none (no daemon has run)" : status.nextCheck()));
      System.out.println("client id:       " + status.clientId());
      System.out.println(
          "platform:        "
              + status.platform()
              + (status.reportOnly() ? " (report-only: installs nothing)" : ""));
      return ExitCode.OK;
    }
  }
}
