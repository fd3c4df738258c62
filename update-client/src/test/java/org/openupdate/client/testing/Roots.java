package org.openupdate.client.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.openupdate.manifest.ManifestJson;
import org.openupdate.manifest.pgp.GeneratedKey;
import org.openupdate.manifest.pgp.PgpKeys;
import org.openupdate.manifest.pgp.SigningKey;
import org.openupdate.manifest.trust.Timestamp;
import org.openupdate.manifest.trust.TrustRoot;
import org.openupdate.manifest.trust.TrustRoots;

/** Trust roots for tests: throw-away keys, roots over them, served where agents look for them. */
public final class Roots {
  private Roots() {}

  public static SigningKey key(String name) {
    GeneratedKey key = PgpKeys.generateEd25519(name + " <" + name + "@test>", null);
    return PgpKeys.readSigningKey(key.armoredSecretKey().getBytes(StandardCharsets.US_ASCII), null);
  }

  /** A root: {@code rootThreshold} of {@code rootKeys}, one of {@code signingKeys}. */
  public static TrustRoot root(
      int version,
      Instant expires,
      List<SigningKey> rootKeys,
      int rootThreshold,
      List<SigningKey> signingKeys,
      SigningKey timestamp) {
    Set<SigningKey> all = new LinkedHashSet<>(rootKeys);
    all.addAll(signingKeys);
    all.add(timestamp);
    List<TrustRoot.PublicKey> keys = new ArrayList<>();
    all.forEach(
        k -> keys.add(new TrustRoot.PublicKey(k.fingerprint().hex(), k.armoredPublicKey())));
    return new TrustRoot(
        version,
        expires,
        keys,
        new TrustRoot.KeySet(rootThreshold, hex(rootKeys)),
        new TrustRoot.KeySet(1, hex(signingKeys)),
        timestamp.fingerprint().hex());
  }

  public static Instant nextYear() {
    return Instant.now().plus(Duration.ofDays(365));
  }

  private static List<String> hex(List<SigningKey> keys) {
    return keys.stream().map(k -> k.fingerprint().hex()).toList();
  }

  /** Writes {@code root} as the agent's installed root file and returns its path. */
  public static Path install(Path file, TrustRoot root) {
    try {
      return Files.write(file, TrustRoots.write(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Serves {@code root}, signed by {@code signers}, as the root of version {@code asVersion}. */
  public static void serve(
      FakeUpdateServer server, int asVersion, TrustRoot root, SigningKey... signers) {
    byte[] bytes = TrustRoots.write(root);
    server.put("/api/v1/trust/root/" + asVersion, bytes);
    server.put(
        "/api/v1/trust/root/" + asVersion + ".asc", TestKeys.sign(bytes, Arrays.asList(signers)));
  }

  /** Serves the channel's timestamp, signed by {@code key}, valid until {@code expires}. */
  public static void timestamp(
      FakeUpdateServer server,
      String product,
      String channel,
      long sequence,
      Instant expires,
      SigningKey key) {
    byte[] bytes =
        ManifestJson.write(
            new Timestamp(
                product, channel, sequence, null, null, Instant.now().minusSeconds(60), expires));
    String path = "/api/v1/trust/timestamp/" + product + "/" + channel;
    server.put(path, bytes);
    server.put(path + ".asc", TestKeys.sign(bytes, List.of(key)));
  }
}
