package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Timings in seconds and errors of one update attempt; every field may be absent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusDetails(
    Double downloadTime, Double installTime, Double migrationTime, List<String> errors) {

  public StatusDetails {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }
}
