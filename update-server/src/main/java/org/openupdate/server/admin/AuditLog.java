package org.openupdate.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * What to look for; every field is optional. {@code action} matches a whole action or its prefix
   * ({@code rollout.} finds every rollout change); {@code product} finds changes to the product,
   * its releases, rollouts and policy; {@code from} is inclusive, {@code to} exclusive.
   */
  public record Query(
      String target, String actor, String action, String product, Instant from, Instant to) {

    public static final Query ALL = new Query(null, null, null, null, null, null);
  }

  /** One page of records, newest first, and whether older ones follow. */
  public record Page(List<Record> records, int page, boolean more) {}

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

  /** Records matching the query, newest first, {@code size} a page. */
  @Transactional
  public Page search(Query query, int page, int size) {
    StringBuilder where = new StringBuilder("1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (present(query.target())) {
      where.append(" and target = :target");
      params.put("target", query.target());
    }
    if (present(query.actor())) {
      where.append(" and actor = :actor");
      params.put("actor", query.actor().strip());
    }
    if (present(query.action())) {
      where.append(" and (action = :action or action like :actionPrefix escape '!')");
      params.put("action", query.action().strip());
      params.put("actionPrefix", likeLiteral(query.action().strip()) + "%");
    }
    if (present(query.product())) {
      String product = query.product().strip();
      where.append(
          " and (target like :release escape '!' or target like :rollout escape '!'"
              + " or target = :policy or target = :productTarget)");
      params.put("release", "release:" + likeLiteral(product) + "/%");
      params.put("rollout", "rollout:" + likeLiteral(product) + "/%");
      params.put("policy", "policy:" + product);
      params.put("productTarget", "product:" + product);
    }
    if (query.from() != null) {
      where.append(" and at >= :from");
      params.put("from", query.from());
    }
    if (query.to() != null) {
      where.append(" and at < :to");
      params.put("to", query.to());
    }
    List<AuditEntry> entries =
        AuditEntry.<AuditEntry>find(where + " order by id desc", params)
            // range is inclusive: one more than a page tells whether another page follows.
            .range(page * size, page * size + size)
            .list();
    boolean more = entries.size() > size;
    return new Page(entries.stream().limit(size).map(this::toRecord).toList(), page, more);
  }

  private static boolean present(String text) {
    return text != null && !text.isBlank();
  }

  /** Names may contain '_', a LIKE wildcard; it must match itself. */
  private static String likeLiteral(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
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
