package org.openupdate.server.console.browser;

import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/** What the console answers a refused request with: the API's status and detail, as a page. */
final class ErrorPage extends ConsolePage {

  ErrorPage(Browser browser) {
    super(browser, "error");
  }

  /**
   * Sends a POST the page never offered, as a hand-made form would: what a person with a lower
   * role, or another site, could try.
   */
  static ErrorPage forgePost(Browser browser, String path, Map<String, String> fields) {
    StringBuilder script =
        new StringBuilder(
            "var f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];");
    fields.forEach(
        (name, value) ->
            script
                .append("var i = document.createElement('input'); i.type = 'hidden'; i.name = '")
                .append(name)
                .append("'; i.value = '")
                .append(value)
                .append("'; f.appendChild(i);"));
    script.append("document.body.appendChild(f); f.submit();");
    ((JavascriptExecutor) browser.driver()).executeScript(script.toString(), path);
    return new ErrorPage(browser);
  }

  /** The CSRF token the current page's forms carry (the sign-out form's). */
  static String csrfToken(Browser browser) {
    return browser
        .driver()
        .findElement(By.cssSelector("form.who input[name='csrf']"))
        .getAttribute("value");
  }

  String status() {
    return text(By.id("error-status"));
  }

  String detail() {
    return text(By.id("error-detail"));
  }
}
