package org.openupdate.client.internal;

import org.openupdate.client.internal.download.ArtifactDownloader;

/** A one-line download progress bar on standard error, redrawn at most once per percent. */
final class ProgressBar implements ArtifactDownloader.Progress {
  private static final int WIDTH = 30;
  private final String name;
  private int lastPercent = -1;

  ProgressBar(String name) {
    this.name = name;
  }

  @Override
  public void update(long bytes, long total) {
    int percent = total == 0 ? 100 : (int) (bytes * 100 / total);
    if (percent == lastPercent) {
      return;
    }
    lastPercent = percent;
    int filled = percent * WIDTH / 100;
    System.err.print(
        "\r"
            + name
            + " ["
            + "#".repeat(filled)
            + " ".repeat(WIDTH - filled)
            + "] "
            + percent
            + "% "
            + bytes / (1024 * 1024)
            + "/"
            + total / (1024 * 1024)
            + " MiB");
    if (bytes >= total) {
      System.err.println();
    }
  }
}
