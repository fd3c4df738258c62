package org.openupdate.server.support;

import static io.restassured.RestAssured.given;
import static org.openupdate.server.support.Admin.asAdmin;

import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.openupdate.manifest.pgp.DetachedSigner;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SigningKey;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;

/**
 * The server's chain of trust roots as tests extend it. Every root key a test puts in a root is one
 * whose secret half every test can read: the development root key the server generated, and the
 * GnuPG vector keys. So each test builds on whatever root the tests before it left, without state
 * shared between them.
 */
public final class TrustChain {
  public static final String PASSPHRASE = "correct horse battery staple";

  private TrustChain() {}

  /** The development root key, from the file the server generated it in. */
  public static SigningKey developmentRootKey() {
    return read(
        Path.of(
            ConfigProvider.getConfig()
                .getValue("openupdate.trust.generated-root-key-file", String.class)),
        null);
  }

  public static SigningKey vendorEd25519() {
    return read(Path.of("src/test/resources/openpgp/vendor-ed25519.sec.asc"), null);
  }

  public static SigningKey vendorProtected() {
    return read(
        Path.of("src/test/resources/openpgp/vendor-protected.sec.asc"), PASSPHRASE.toCharArray());
  }

  private static SigningKey read(Path file, char[] passphrase) {
    try {
      return PgpKeys.readSigningKey(Files.readAllBytes(file), passphrase);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<SigningKey> keyring() {
    return List.of(developmentRootKey(), vendorEd25519(), vendorProtected());
  }

  /** The exact bytes of the newest root the server serves. */
  public static byte[] newestBytes() {
    return given()
        .get("/api/v1/trust/root/" + newestVersion())
        .then()
        .statusCode(200)
        .extract()
        .asByteArray();
  }

  public static int newestVersion() {
    List<Integer> versions =
        asAdmin().get("/api/v1/admin/trust/roots").then().statusCode(200).extract().path("version");
    return versions.get(versions.size() - 1);
  }

  public static TrustRoot newest() {
    return TrustRoots.parse(newestBytes());
  }

  /** The keyring's keys among {@code root}'s root keys: enough to sign the root after it. */
  public static List<SigningKey> rootSigners(TrustRoot root) {
    return keyring().stream()
        .filter(k -> root.rootKeys().fingerprints().contains(k.fingerprint().hex()))
        .toList();
  }

  /** The public half of the server's signing key(s), as {@code /api/v1/keys} serves them. */
  public static Map<String, String> serverSigningKeys() {
    List<Map<String, String>> keys =
        given().get("/api/v1/keys").then().statusCode(200).extract().jsonPath().getList("$");
    Map<String, String> result = new LinkedHashMap<>();
    keys.forEach(k -> result.put(k.get("fingerprint"), k.get("armoredPublicKey")));
    return result;
  }

  /**
   * The root after {@code current}: {@code rootThreshold} of {@code rootKeys}, one of the signing
   * keys given as fingerprint to armored public key, the same timestamp key.
   */
  public static TrustRoot next(
      TrustRoot current,
      List<SigningKey> rootKeys,
      int rootThreshold,
      Map<String, String> signingKeys,
      Instant expires) {
    Map<String, String> armored = new LinkedHashMap<>();
    rootKeys.forEach(k -> armored.put(k.fingerprint().hex(), k.armoredPublicKey()));
    armored.putAll(signingKeys);
    current.keys().stream()
        .filter(k -> k.fingerprint().equals(current.timestampKey()))
        .forEach(k -> armored.put(k.fingerprint(), k.publicKey()));
    List<TrustRoot.PublicKey> keys = new ArrayList<>();
    armored.forEach((fingerprint, key) -> keys.add(new TrustRoot.PublicKey(fingerprint, key)));
    return new TrustRoot(
        current.version() + 1,
        expires,
        keys,
        new TrustRoot.KeySet(
            rootThreshold, rootKeys.stream().map(k -> k.fingerprint().hex()).toList()),
        new TrustRoot.KeySet(1, List.copyOf(signingKeys.keySet())),
        current.timestampKey());
  }

  public static Instant nextYear() {
    return Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
  }

  /** Old root's signers and the new root's, each once, in one signature file. */
  public static byte[] sign(byte[] document, List<SigningKey> oldSigners, TrustRoot next) {
    Set<SigningKey> signers = new LinkedHashSet<>(oldSigners);
    keyring().stream()
        .filter(k -> next.rootKeys().fingerprints().contains(k.fingerprint().hex()))
        .filter(k -> signers.stream().noneMatch(s -> s.fingerprint().equals(k.fingerprint())))
        .forEach(signers::add);
    return DetachedSigner.sign(document, List.copyOf(signers), Instant.now().minusSeconds(60));
  }

  public static ValidatableResponse upload(byte[] document, byte[] signature) {
    return asAdmin()
        .contentType("application/json")
        .body(
            Map.of(
                "document",
                new String(document, StandardCharsets.UTF_8),
                "signature",
                new String(signature, StandardCharsets.US_ASCII)))
        .post("/api/v1/admin/trust/roots")
        .then();
  }

  /** Uploads the root after the newest, signed by every key of the keyring it needs. */
  public static TrustRoot extend(
      List<SigningKey> rootKeys, int rootThreshold, Map<String, String> signingKeys) {
    TrustRoot current = newest();
    TrustRoot next = next(current, rootKeys, rootThreshold, signingKeys, nextYear());
    byte[] document = TrustRoots.write(next);
    upload(document, sign(document, rootSigners(current), next)).statusCode(201);
    return next;
  }
}
