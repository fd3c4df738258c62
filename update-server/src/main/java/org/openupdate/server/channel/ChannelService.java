package org.openupdate.server.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

@ApplicationScoped
public class ChannelService {

  /** Same rule as the manifest schema's channel names; request records validate with it too. */
  public static final String NAME_RULE = "[a-z0-9][a-z0-9._-]{0,63}";

  public static final String NAME_MESSAGE =
      "must be a channel name: 1 to 64 lowercase letters, digits, '.', '_' or '-'";

  static final Pattern NAME = Pattern.compile(NAME_RULE);

  /**
   * A channel and the chain of channels its clients are also offered, nearest first.
   *
   * @param manifestSequence the last sequence signed for the channel; an offline-signed manifest
   *     must carry a higher one
   */
  public record ChannelView(
      String name,
      String follows,
      List<String> chain,
      String description,
      Instant createdAt,
      long manifestSequence) {}

  @Inject Clock clock;
  @Inject AuditLog audit;

  @Transactional
  public List<ChannelView> list() {
    return Channel.<Channel>list("order by name").stream().map(ChannelService::view).toList();
  }

  @Transactional
  public Optional<Channel> find(String name) {
    return Channel.byName(name);
  }

  @Transactional
  public Optional<ChannelView> view(String name) {
    return Channel.byName(name).map(ChannelService::view);
  }

  @Transactional
  public ChannelView create(String name, String follows, String description) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ProblemException.invalidField(
          "name",
          "must be 1-64 lowercase letters, digits, '.', '_' or '-', was "
              + (name == null ? "missing" : "'" + name + "'"));
    }
    if (Channel.byName(name).isPresent()) {
      throw new ProblemException(ProblemType.CONFLICT, "channel '" + name + "' already exists");
    }
    Channel channel = new Channel();
    channel.name = name;
    channel.description = description;
    channel.createdAt = clock.instant();
    if (follows != null) {
      channel.follows =
          Channel.byName(follows)
              .orElseThrow(
                  () ->
                      new ProblemException(
                          ProblemType.UNPROCESSABLE,
                          "follows: unknown channel '" + follows + "'",
                          List.of(
                              new Problem.FieldError(
                                  "follows", "unknown channel '" + follows + "'"))));
    }
    channel.persist();
    ChannelView view = view(channel);
    audit.record("channel.create", "channel:" + name, null, view);
    return view;
  }

  private static ChannelView view(Channel c) {
    List<String> chain = new ArrayList<>();
    // A new channel can only follow an existing one, so the chain has no cycles and ends.
    for (Channel at = c; at != null; at = at.follows) {
      chain.add(at.name);
    }
    return new ChannelView(
        c.name,
        c.follows == null ? null : c.follows.name,
        List.copyOf(chain),
        c.description,
        c.createdAt,
        c.manifestSequence);
  }
}
