package org.openupdate.server.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "openupdate.notify")
public interface NotifyConfig {

  /**
   * False: this instance records events but sends none (another instance sends them, or tests play
   * instances by hand).
   */
  @WithDefault("true")
  boolean deliver();

  /** How often the delivery worker looks for due deliveries (read by the schedule expression). */
  @WithDefault("2s")
  Duration pollInterval();

  /** Deliveries one poll claims at most. */
  @WithDefault("20")
  int batchSize();

  /** After this many failed attempts a delivery is {@code dead} (retried only by hand). */
  @WithDefault("8")
  int maxAttempts();

  /** Wait after the first failure; doubled after each further one, up to {@link #backoffMax}. */
  @WithDefault("30s")
  Duration backoffInitial();

  @WithDefault("1h")
  Duration backoffMax();

  /**
   * How long a claimed delivery belongs to the instance that claimed it. Longer than one send can
   * take (every wait below is bounded well under it); when an instance dies while sending, another
   * sends the event again after this.
   */
  @WithDefault("2m")
  Duration lease();

  /** Connect and answer timeout of every HTTP target (webhook, Slack, Teams). */
  @WithDefault("10s")
  Duration httpTimeout();

  /** The console's address in links of messages (Slack, Teams, email); none when unset. */
  Optional<String> consoleUrl();

  Smtp smtp();

  Watch watch();

  interface Smtp {
    /** No SMTP server: email subscriptions' deliveries fail (and back off) until one is set. */
    Optional<String> host();

    @WithDefault("587")
    int port();

    /** {@code required} (default), {@code optional} or {@code disabled}. */
    @WithDefault("required")
    String startTls();

    Optional<String> username();

    /**
     * In clear, or {@code sealed:<value>} as {@code POST /api/v1/admin/notifications/seal} returns
     * it (encrypted with the server's secrets key, so the configuration file holds no password).
     */
    Optional<String> password();

    @WithDefault("openupdate@localhost")
    String from();

    /** Connect and answer timeout of the SMTP conversation. */
    @WithDefault("10s")
    Duration timeout();
  }

  /** The watchers that raise fleet.* and manifest.expiring events. */
  interface Watch {
    /** How often they look (read by the schedule expression). */
    @WithDefault("5m")
    Duration interval();

    /** Rollbacks away from one release within {@link #spikeWindow} that raise an event. */
    @WithDefault("5")
    int rollbacksThreshold();

    /** Refusals of one release within {@link #spikeWindow} that raise an event. */
    @WithDefault("20")
    int refusalsThreshold();

    @WithDefault("1h")
    Duration spikeWindow();

    /** A live manifest expiring within this raises manifest.expiring (once per publication). */
    @WithDefault("14d")
    Duration expiringWithin();

    /** Clients behind or on a pulled release for longer than this raise fleet.drift (daily). */
    @WithDefault("7d")
    Duration driftAfter();
  }
}
