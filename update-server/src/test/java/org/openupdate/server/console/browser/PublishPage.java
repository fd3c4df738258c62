package org.openupdate.server.console.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Step one of publishing from the browser: a manifest becomes a draft. */
final class PublishPage extends ConsolePage {

  PublishPage(Browser browser) {
    super(browser, "publish");
  }

  static PublishPage open(Browser browser) {
    browser.go("/console/publish");
    return new PublishPage(browser);
  }

  ReleasePage createDraft(String manifest) {
    paste(manifest);
    return new ReleasePage(browser);
  }

  PublishPage createDraftRefused(String manifest) {
    paste(manifest);
    return new PublishPage(browser);
  }

  /** Each refused field as shown: "/version: ...". */
  List<String> fieldErrors() {
    return browser.driver().findElements(By.cssSelector("#form-errors li")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private void paste(String manifest) {
    WebElement text = browser.driver().findElement(By.id("manifestText"));
    text.clear();
    text.sendKeys(manifest);
    click(By.id("create-draft"));
  }
}
