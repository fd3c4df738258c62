package org.openupdate.server.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/** The one HTTP client of the HTTP targets: bounded connect and answer times, no redirects. */
@ApplicationScoped
class HttpPost {

  @Inject NotifyConfig config;

  private volatile HttpClient client;

  private HttpClient client() {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .connectTimeout(config.httpTimeout())
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }
    return client;
  }

  /** POSTs {@code body} as JSON; any answer but 2xx is a failure naming the status. */
  void json(String what, String url, byte[] body, Map<String, String> headers)
      throws DeliveryException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(config.httpTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      int status =
          client().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 != 2) {
        throw new DeliveryException(what + " answered HTTP " + status);
      }
    } catch (HttpTimeoutException e) {
      throw new DeliveryException(what + " did not answer within " + config.httpTimeout(), e);
    } catch (IOException e) {
      throw new DeliveryException(what + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(what + ": interrupted", e);
    }
  }
}
