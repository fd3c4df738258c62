package org.openupdate.server.console.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The keys the server signs with. */
final class KeysPage extends ConsolePage {

  KeysPage(Browser browser) {
    super(browser, "keys");
  }

  static KeysPage open(Browser browser) {
    browser.go("/console/keys");
    return new KeysPage(browser);
  }

  List<String> fingerprints() {
    return browser.driver().findElements(By.cssSelector("#keys code.fingerprint")).stream()
        .map(WebElement::getText)
        .toList();
  }

  boolean warnsAboutTheGeneratedKey() {
    return shows(By.id("dev-key-warning"));
  }

  /** The milder note shown while the generated key signs protected by a passphrase. */
  boolean notesTheProtectedGeneratedKey() {
    return shows(By.id("dev-key-note"));
  }
}
