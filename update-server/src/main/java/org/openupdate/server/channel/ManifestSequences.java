package org.openupdate.server.channel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import org.openupdate.server.problem.Problem;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/**
 * Each channel's manifest sequence: the number every manifest signed for the channel carries, so
 * that agents can refuse a replayed older manifest (manifest-schema README, "Sequence and recall").
 * Changed only by single UPDATE statements: the row lock they take is held until the signing
 * transaction commits, so concurrent signings, on one instance or several sharing a database, get
 * distinct increasing numbers and a rolled-back signing hands its number back.
 */
@ApplicationScoped
public class ManifestSequences {

  @Inject EntityManager entityManager;

  /** Reserves the channel's next sequence in the caller's transaction. */
  @Transactional(Transactional.TxType.MANDATORY)
  public long next(Channel channel) {
    entityManager
        .createNativeQuery(
            "update channels set manifest_sequence = manifest_sequence + 1 where id = ?1")
        .setParameter(1, channel.id)
        .executeUpdate();
    return current(channel);
  }

  /**
   * Takes a sequence chosen by whoever signed offline as the channel's new last one.
   *
   * @throws ProblemException naming {@code /sequence} when it is not above the channel's last one:
   *     agents that saw the channel's newer manifests would refuse it as a replay
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public void advanceTo(Channel channel, long sequence) {
    int updated =
        entityManager
            .createNativeQuery(
                "update channels set manifest_sequence = ?1"
                    + " where id = ?2 and manifest_sequence < ?1")
            .setParameter(1, sequence)
            .setParameter(2, channel.id)
            .executeUpdate();
    if (updated == 0) {
      long last = current(channel);
      String message =
          "must be above "
              + last
              + ", the last sequence signed for channel '"
              + channel.name
              + "', was "
              + sequence
              + "; sign the manifest again with a higher sequence";
      throw new ProblemException(
          ProblemType.CONFLICT,
          "/sequence: " + message,
          List.of(new Problem.FieldError("/sequence", message)));
    }
  }

  private long current(Channel channel) {
    return ((Number)
            entityManager
                .createNativeQuery("select manifest_sequence from channels where id = ?1")
                .setParameter(1, channel.id)
                .getSingleResult())
        .longValue();
  }
}
