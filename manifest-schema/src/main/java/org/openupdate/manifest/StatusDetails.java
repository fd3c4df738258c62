package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Timings in seconds, errors and bytes of one update attempt; every field may be absent.
 *
 * @param bytesDownloaded what the attempt fetched: deltas, full artifacts, and a delta thrown away
 *     before its fallback
 * @param bytesFull what the components would have cost downloaded whole; {@code bytesFull -
 *     bytesDownloaded} is what deltas saved
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusDetails(
    Double downloadTime,
    Double installTime,
    Double migrationTime,
    List<String> errors,
    Long bytesDownloaded,
    Long bytesFull) {

  public StatusDetails {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** Details without byte counts. */
  public StatusDetails(
      Double downloadTime, Double installTime, Double migrationTime, List<String> errors) {
    this(downloadTime, installTime, migrationTime, errors, null, null);
  }
}
