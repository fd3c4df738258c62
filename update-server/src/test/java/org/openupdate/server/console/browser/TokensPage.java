package org.openupdate.server.console.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/** API tokens, for admins: create one (its secret shown once), revoke one. */
final class TokensPage extends ConsolePage {

  TokensPage(Browser browser) {
    super(browser, "tokens");
  }

  static TokensPage open(Browser browser) {
    browser.go("/console/tokens");
    return new TokensPage(browser);
  }

  TokensPage create(String name, String role) {
    type(By.id("name"), name);
    new Select(browser.driver().findElement(By.id("role"))).selectByValue(role);
    click(By.id("create-token"));
    return new TokensPage(browser);
  }

  String shownSecret() {
    return text(By.id("token-secret"));
  }

  boolean showsASecret() {
    return shows(By.id("token-secret"));
  }

  TokensPage revoke(String name) {
    click(By.id("revoke-" + name));
    new ConfirmPage(browser);
    click(By.id("confirm"));
    return new TokensPage(browser);
  }

  String state(String name) {
    return text(By.xpath("//tr[@id='token-" + name + "']/td[5]"));
  }
}
