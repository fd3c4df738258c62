package org.openupdate.server.support;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.openupdate.manifest.pgp.Fingerprint;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SignatureVerifier;
import org.openupdate.manifest.pgp.TrustedKeys;

/** Verifies what the server serves the way a client does: pinned to the key it publishes. */
public final class ServedKeys {

  private ServedKeys() {}

  public static SignatureVerifier verifier() {
    Map<String, String> served = given().get("/api/v1/keys").then().extract().path("[0]");
    var keys =
        PgpKeys.readPublicKeys(served.get("armoredPublicKey").getBytes(StandardCharsets.US_ASCII));
    TrustedKeys trusted =
        TrustedKeys.pinned(keys, List.of(Fingerprint.parse(served.get("fingerprint"))));
    return new SignatureVerifier(trusted, 1, Clock.systemUTC());
  }
}
