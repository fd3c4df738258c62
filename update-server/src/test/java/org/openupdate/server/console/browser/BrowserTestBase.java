package org.openupdate.server.console.browser;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * A fresh browser on the test server for each test, closed after it; each page it visits is
 * screenshot under {@code target/screenshots/<class>/<test>/} ({@link ConsolePage}).
 */
abstract class BrowserTestBase {

  @TestHTTPResource("/")
  URL server;

  Browser browser;

  @BeforeEach
  void openBrowser(TestInfo test) {
    browser = Browser.open(server, test);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }
}
