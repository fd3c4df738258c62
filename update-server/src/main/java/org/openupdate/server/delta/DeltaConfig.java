package org.openupdate.server.delta;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Delta generation; see the module README, "Deltas", for the measured limits. */
@ConfigMapping(prefix = "openupdate.delta")
public interface DeltaConfig {

  /** Whether the server makes deltas after a release is published. */
  @WithDefault("true")
  boolean enabled();

  /** Deltas are made from this many of the most-installed older versions, and the previous one. */
  @WithDefault("3")
  int bases();

  /** A delta larger than this share of its full component is dropped. */
  @WithDefault("0.8")
  double maxRatio();

  /** Components larger than this (either side) get no delta. */
  @WithDefault("1G")
  MemorySize maxComponentSize();

  /**
   * Files inside a component up to this size are diffed against the old file (both are held in
   * memory while diffing); larger changed files are sent whole.
   */
  @WithDefault("32M")
  MemorySize maxDiffFileSize();

  /** Archives with more entries get no delta. */
  @WithDefault("200000")
  int maxEntries();

  /** One component's delta gives up after this long. */
  @WithDefault("10M")
  Duration timeout();
}
