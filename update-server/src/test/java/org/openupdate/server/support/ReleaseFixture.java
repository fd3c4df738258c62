package org.openupdate.server.support;

import static io.restassured.RestAssured.given;
import static org.openupdate.server.support.Admin.asAdmin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Builds manifests (and their artifact bytes) for a fresh product, and drives the admin API. */
public final class ReleaseFixture {

  private static final ObjectMapper JSON = new ObjectMapper();

  public final String product;
  public final String version;
  private final Map<String, Object> manifest = new LinkedHashMap<>();
  private final Map<String, Object> components = new LinkedHashMap<>();
  public final Map<String, byte[]> artifacts = new LinkedHashMap<>();

  private ReleaseFixture(String product, String version) {
    this.product = product;
    this.version = version;
    manifest.put("product", product);
    manifest.put("version", version);
    manifest.put("channel", "stable");
    manifest.put("releaseDate", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    manifest.put(
        "expires",
        Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
    manifest.put("components", components);
  }

  /** A release of a new product (created through the API) with one uploaded component. */
  public static ReleaseFixture aRelease() {
    String product = Admin.unique("prod");
    createProduct(product);
    return new ReleaseFixture(product, "1.0.0").component("backend", randomBytes(200_000));
  }

  public static void createProduct(String name) {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("name", name))
        .post("/api/v1/admin/products")
        .then()
        .statusCode(201);
  }

  /** Version 2.0.0 of an existing product whose one component 'app' is hosted on a CDN. */
  public static ReleaseFixture external(String product) {
    return new ReleaseFixture(product, "2.0.0")
        .externalComponent(
            "app", "https://cdn.example.com/app-2.0.0.tar.gz", sha256("cdn bytes"), 9);
  }

  /** The next release of this product: same channel and artifacts, another version. */
  public ReleaseFixture version(String newVersion) {
    ReleaseFixture copy = new ReleaseFixture(product, newVersion);
    copy.manifest.put("channel", manifest.get("channel"));
    artifacts.forEach(copy::component);
    return copy;
  }

  public ReleaseFixture component(String name, byte[] bytes) {
    artifacts.put(name, bytes);
    components.put(
        name,
        new LinkedHashMap<>(
            Map.of("version", version, "sha256", sha256(bytes), "size", bytes.length)));
    return this;
  }

  public ReleaseFixture externalComponent(String name, String url, String sha256, long size) {
    components.put(name, Map.of("version", version, "url", url, "sha256", sha256, "size", size));
    return this;
  }

  public ReleaseFixture set(String field, Object value) {
    if (value == null) {
      manifest.remove(field);
    } else {
      manifest.put(field, value);
    }
    return this;
  }

  /**
   * Writes the channel's next manifest sequence into the manifest, as a vendor signing offline must
   * (the server refuses an offline-signed manifest whose sequence is not above the channel's).
   */
  public ReleaseFixture nextSequence(String channel) {
    long last =
        asAdmin()
            .get("/api/v1/admin/channels/" + channel)
            .then()
            .statusCode(200)
            .extract()
            .<Number>path("manifestSequence")
            .longValue();
    return set("sequence", last + 1);
  }

  public byte[] manifestBytes() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String path() {
    return "/api/v1/admin/releases/" + product + "/" + version;
  }

  public ReleaseFixture createDraft() {
    asAdmin()
        .contentType("application/json")
        .body(manifestBytes())
        .post("/api/v1/admin/releases")
        .then()
        .statusCode(201);
    return this;
  }

  public ReleaseFixture uploadAll() {
    artifacts.forEach(
        (name, bytes) ->
            asAdmin()
                .contentType("application/octet-stream")
                .body(bytes)
                .put(path() + "/artifacts/" + name)
                .then()
                .statusCode(200));
    return this;
  }

  public ReleaseFixture publish(String channel) {
    asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", channel))
        .post(path() + "/publish")
        .then()
        .statusCode(200);
    return this;
  }

  /** Asks to put the release on another channel; the caller asserts the answer. */
  public ValidatableResponse promote(String channel) {
    return asAdmin()
        .contentType("application/json")
        .body(Map.of("channel", channel))
        .post(path() + "/promote")
        .then();
  }

  /** A public file of this release, e.g. {@code manifest.asc?channel=beta}; must answer 200. */
  public byte[] served(String file) {
    return given()
        .get("/api/v1/releases/" + product + "/" + version + "/" + file)
        .then()
        .statusCode(200)
        .extract()
        .asByteArray();
  }

  /** Draft, artifacts, published on stable. */
  public ReleaseFixture published() {
    return createDraft().uploadAll().publish("stable");
  }

  public static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random().nextBytes(bytes);
    return bytes;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }
}
