package org.openupdate.manifest;

import java.util.List;

/** What a release changes, as shown to operators. */
public record Changelog(List<String> features, List<String> fixes, List<String> security) {

  public Changelog {
    features = features == null ? List.of() : List.copyOf(features);
    fixes = fixes == null ? List.of() : List.copyOf(fixes);
    security = security == null ? List.of() : List.copyOf(security);
  }
}
