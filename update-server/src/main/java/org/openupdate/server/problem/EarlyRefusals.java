package org.openupdate.server.problem;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quarkus.vertx.VertxOptionsCustomizer;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingOptions;
import io.vertx.core.tracing.TracingPolicy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Answers with problem+json the requests refused before any route sees them, which would otherwise
 * get a bare status and no body:
 *
 * <ul>
 *   <li>by the HTTP codec: a request line longer than {@code
 *       quarkus.http.limits.max-initial-line-length} (414), headers larger than {@code
 *       max-header-size} (431), broken framing such as an empty or repeated {@code Content-Length}
 *       (400);
 *   <li>by Quarkus' first handler: a request target that is not a URI, such as malformed
 *       percent-encoding ({@code /a%zz}) (400).
 * </ul>
 *
 * The connection is closed after such an answer, as Vert.x does after a codec refusal: what else
 * the client sent on it cannot be trusted to start a new request.
 *
 * <p>Why a tracer: Vert.x answers codec refusals with the HTTP server's invalid-request handler,
 * and Quarkus checks the URI in the server's request handler; Quarkus offers no way to set either.
 * Vert.x reports every request to the tracer SPI just before it picks one of the two handlers, and
 * picks them from the request's connection, so this tracer puts its own handler on the connection
 * of a request that is about to be refused. It traces nothing; for an ordinary request it costs a
 * check of the decoder's result and one pass over the characters of the URI.
 */
@Singleton
public class EarlyRefusals implements VertxOptionsCustomizer {

  private static final Handler<HttpServerRequest> CODEC = EarlyRefusals::codecRefused;
  private static final Handler<HttpServerRequest> URI_REFUSED = EarlyRefusals::uriRefused;

  @Override
  public void accept(VertxOptions options) {
    options.setTracingOptions(new TracingOptions().setFactory(ignored -> new Watcher()));
  }

  private static void codecRefused(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ProblemType type =
        cause instanceof TooLongHttpLineException
            ? ProblemType.URI_TOO_LONG
            : cause instanceof TooLongHttpHeaderException
                ? ProblemType.HEADERS_TOO_LARGE
                : ProblemType.MALFORMED_REQUEST;
    String detail =
        "the HTTP request could not be read"
            + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
    answerAndClose(request, type, detail);
  }

  private static void uriRefused(HttpServerRequest request) {
    answerAndClose(
        request,
        ProblemType.MALFORMED_REQUEST,
        "the request target is not a valid URI: '" + Problems.shorten(request.uri()) + "'");
  }

  private static void answerAndClose(HttpServerRequest request, ProblemType type, String detail) {
    request.response().putHeader(HttpHeaders.CONNECTION, "close");
    Problems.write(request.response(), type, detail, null);
    request.response().close();
  }

  /** The check Quarkus makes before routing, parsing only a URI that is not plainly valid. */
  static boolean validUri(String uri) {
    if (uri == null) {
      return false;
    }
    if (uri.startsWith("/") && !uri.startsWith("//") && plain(uri)) {
      return true;
    }
    try {
      new URI(uri);
      return true;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * Only unreserved characters and those reserved ones that {@link URI} takes anywhere in a path or
   * query; no '%', so nothing to decode.
   */
  private static boolean plain(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~/?:@!$&'()*+,;=".indexOf(c) >= 0;
      if (!plain) {
        return false;
      }
    }
    return true;
  }

  private static final class Watcher implements VertxTracer<Object, Object> {

    @Override
    public <R> Object receiveRequest(
        Context context,
        SpanKind kind,
        TracingPolicy policy,
        R request,
        String operation,
        Iterable<Map.Entry<String, String>> headers,
        TagExtractor<R> tagExtractor) {
      if (request instanceof HttpServerRequest http
          && http.connection() instanceof HttpServerConnection connection) {
        if (http.decoderResult().isFailure()) {
          connection.invalidRequestHandler(CODEC);
        } else if (!validUri(http.uri())) {
          connection.handler(URI_REFUSED);
        }
      }
      return null;
    }
  }
}
