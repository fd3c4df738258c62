package org.openupdate.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Who changed what, when, and how it looked before and after. Every admin write records here. */
@ApplicationScoped
public class AuditLog {

  /** One audit record as served to viewers; before/after are the JSON the change recorded. */
  public record Record(
      long id,
      String actor,
      String action,
      String target,
      JsonNode before,
      JsonNode after,
      Instant at) {}

  @Inject Clock clock;
  @Inject ObjectMapper json;

  /** Records a change made by the current actor (the request's token, or "system"). */
  @Transactional(Transactional.TxType.MANDATORY)
  public void record(String action, String target, Object before, Object after) {
    record(CurrentActor.currentName(), action, target, before, after);
  }

  @Transactional(Transactional.TxType.MANDATORY)
  public void record(String actor, String action, String target, Object before, Object after) {
    AuditEntry entry = new AuditEntry();
    entry.actor = actor;
    entry.action = action;
    entry.target = target;
    entry.beforeJson = toJson(before);
    entry.afterJson = toJson(after);
    entry.at = clock.instant();
    entry.persist();
  }

  /** Newest first; {@code target} narrows to one object (e.g. {@code release:default/2.4.1}). */
  @Transactional
  public List<Record> read(String target, int limit) {
    List<AuditEntry> entries =
        target == null
            ? AuditEntry.<AuditEntry>find("order by id desc").page(0, limit).list()
            : AuditEntry.<AuditEntry>find("target = ?1 order by id desc", target)
                .page(0, limit)
                .list();
    return entries.stream().map(this::toRecord).toList();
  }

  private Record toRecord(AuditEntry e) {
    return new Record(
        e.id, e.actor, e.action, e.target, parse(e.beforeJson), parse(e.afterJson), e.at);
  }

  private String toJson(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit value is not serializable: " + value.getClass(), e);
    }
  }

  private JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("audit log holds invalid JSON", e);
    }
  }
}
