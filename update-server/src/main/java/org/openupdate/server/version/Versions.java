package org.openupdate.server.version;

import org.openupdate.manifest.Version;
import org.openupdate.server.problem.ProblemException;

/** Versions given by callers, in paths, headers and bodies, all refused with the same words. */
public final class Versions {

  private Versions() {}

  /**
   * @throws ProblemException 400 naming {@code field}, e.g. {@code '2.1' is not a semantic version:
   *     expected MAJOR.MINOR.PATCH[-PRE][+BUILD]}
   */
  public static Version require(String field, String text) {
    try {
      return Version.parse(text);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidField(field, e.getMessage());
    }
  }
}
