package org.openupdate.manifest;

import java.util.List;

/** Database migration scripts a release applies, and the scripts that undo them, in order. */
public record DatabaseChanges(List<String> migrations, List<String> rollback) {

  public DatabaseChanges {
    migrations = migrations == null ? List.of() : List.copyOf(migrations);
    rollback = rollback == null ? List.of() : List.copyOf(rollback);
  }
}
