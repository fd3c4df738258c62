package org.openupdate.server.license;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.openupdate.server.check.SnapshotHolder;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.KnownProducts;

/**
 * Writes of one product's policy at the same moment all succeed; one of them, whole, is what stays.
 */
@QuarkusTest
class PolicyConcurrencyTest {

  private static final int PARALLEL = 8;

  @Inject SnapshotHolder snapshots;

  @Test
  void shouldAcceptParallelPutsOfOnePolicy() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int round = 0; round < 3; round++) {
      // A new product each round: the race was sharpest when no policy row existed yet.
      String product = KnownProducts.create(snapshots, "race");
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < PARALLEL; i++) {
        HttpRequest put =
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + RestAssured.port
                            + "/api/v1/admin/policies/"
                            + product))
                .header("Authorization", "Bearer " + Admin.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString("{\"minimumSoakMinutes\":" + (i + 1) + "}"))
                .build();
        answers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    start.await();
                    return http.send(put, HttpResponse.BodyHandlers.ofString());
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }));
      }
      start.countDown();
      for (CompletableFuture<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      }
      int stays =
          Admin.asAdmin()
              .get("/api/v1/admin/policies/" + product)
              .then()
              .statusCode(200)
              .extract()
              .path("minimumSoakMinutes");
      assertThat(stays).as("one of the values written").isBetween(1, PARALLEL);
    }
  }
}
