package org.openupdate.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openupdate.server.support.Admin;
import org.openupdate.server.transport.MutualTlsProfile;
import org.openupdate.server.transport.TestCertificates;

/** The console served over HTTPS: its cookies never travel over plain HTTP. */
@QuarkusTest
@TestProfile(MutualTlsProfile.class)
class ConsoleHttpsTest {

  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  @TestHTTPResource(value = "/", tls = true)
  URL https;

  @Test
  void shouldMarkEveryConsoleCookieSecureOverHttps() throws Exception {
    HttpClient browser =
        HttpClient.newBuilder()
            .sslContext(TestCertificates.open(MutualTlsProfile.DIRECTORY).sslContext(null))
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    HttpResponse<String> form =
        browser.send(
            HttpRequest.newBuilder(URI.create(https.toString()))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(200);
    String formCookie = cookie(form, "ou_sign_in");
    assertThat(attributes(formCookie)).contains("secure", "httponly");

    Matcher csrf = FORM_TOKEN.matcher(form.body());
    assertThat(csrf.find()).isTrue();
    HttpResponse<String> signedIn =
        browser.send(
            HttpRequest.newBuilder(URI.create(https + "console/sign-in"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", formCookie.substring(0, formCookie.indexOf(';')))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "csrf="
                            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)
                            + "&token="
                            + URLEncoder.encode(Admin.ADMIN_TOKEN, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(signedIn.statusCode()).isEqualTo(303);
    assertThat(attributes(cookie(signedIn, "ou_session")))
        .contains("secure", "httponly", "samesite=strict");
  }

  /** A Set-Cookie header's attributes after the name=value pair, in lower case. */
  static List<String> attributes(String setCookie) {
    return Arrays.stream(setCookie.split(";"))
        .skip(1)
        .map(a -> a.strip().toLowerCase(Locale.ROOT))
        .toList();
  }

  private static String cookie(HttpResponse<String> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
  }
}
