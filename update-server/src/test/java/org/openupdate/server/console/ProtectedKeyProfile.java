package org.openupdate.server.console;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The server's generated signing key kept protected by a passphrase, in a key file of its own (so
 * that the other tests' unprotected key stays as it is).
 */
public class ProtectedKeyProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "openupdate.signing.generated-key-file",
        "target/protected-key-test/server-ed25519.sec.asc",
        "openupdate.signing.passphrase",
        "correct horse battery staple");
  }
}
