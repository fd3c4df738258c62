package org.openupdate.server.problem;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import org.openupdate.manifest.ManifestJson;

/**
 * Problem answers written straight to Vert.x, for refusals that happen before JAX-RS and its {@link
 * ProblemMapper} see the request.
 */
final class Problems {

  /** Longest part of a caller's value quoted back in a message. */
  private static final int QUOTED = 64;

  private Problems() {}

  static void write(HttpServerResponse response, ProblemType type, String detail, String path) {
    Problem problem = new Problem(type.uri(), type.title(), type.status(), detail, path, List.of());
    response
        .setStatusCode(type.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
        .end(Buffer.buffer(ManifestJson.write(problem)));
  }

  static String shorten(String value) {
    return value.length() <= QUOTED ? value : value.substring(0, QUOTED - 3) + "...";
  }
}
