package org.openupdate.client.internal.state;

import java.util.List;

/**
 * What the agent remembers across updates.
 *
 * @param clientId generated once, sent as {@code X-Client-Id}
 * @param highestSeen the highest version installed or offered in a verified manifest; lower offers
 *     are rollback attacks
 * @param failedVersions versions that were rolled back; the daemon does not retry them on its own
 */
public record Facts(String clientId, String highestSeen, List<String> failedVersions) {
  public Facts {
    failedVersions = failedVersions == null ? List.of() : List.copyOf(failedVersions);
  }
}
