package org.openupdate.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Database migration scripts a release applies, and the scripts that undo them, in order: {@code
 * rollback.get(i)} undoes {@code migrations.get(i)}. Both name SQL files shipped in a component.
 *
 * @param expectedSchemaVersion the schema version the database must have before these migrations
 *     run (the release version of the newest migration recorded in it); null: not checked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatabaseChanges(
    List<String> migrations, List<String> rollback, String expectedSchemaVersion) {

  public DatabaseChanges {
    migrations = migrations == null ? List.of() : List.copyOf(migrations);
    rollback = rollback == null ? List.of() : List.copyOf(rollback);
  }
}
