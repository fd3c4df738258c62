package org.openupdate.manifest.pgp;

import java.util.List;
import java.util.Set;

/**
 * The verdict on a detached signature.
 *
 * @param valid whether enough distinct pinned keys made a good signature
 * @param signers primary fingerprints of pinned keys with a good signature
 * @param problems why each other signature was not counted, or why the input was refused
 */
public record Verification(boolean valid, Set<Fingerprint> signers, List<String> problems) {

  public Verification {
    signers = Set.copyOf(signers);
    problems = List.copyOf(problems);
  }
}
