package org.openupdate.server.console.browser;

import org.openqa.selenium.By;

/** Customer licenses, for admins: create one (its key shown once), revoke one. */
final class LicensesPage extends ConsolePage {

  LicensesPage(Browser browser) {
    super(browser, "licenses");
  }

  static LicensesPage open(Browser browser) {
    browser.go("/console/licenses");
    return new LicensesPage(browser);
  }

  LicensesPage create(String customer, String channels) {
    type(By.id("customer"), customer);
    type(By.id("allowedChannels"), channels);
    click(By.id("create-license"));
    return new LicensesPage(browser);
  }

  String shownKey() {
    return text(By.id("license-key"));
  }

  String createdId() {
    return text(By.id("created-license-id"));
  }

  boolean showsAKey() {
    return browser.withoutWaiting(() -> shows(By.id("license-key")));
  }

  ConfirmPage askToRevoke(String id) {
    click(By.id("revoke-license-" + id));
    return new ConfirmPage(browser);
  }

  LicensesPage confirm() {
    click(By.id("confirm"));
    return new LicensesPage(browser);
  }

  /** The license's row as shown: id, customer, channels, expiry, blocked, ceiling, state. */
  String row(String id) {
    return text(By.id("license-" + id));
  }
}
