package org.openupdate.server.console.browser;

import org.openqa.selenium.By;

/** The question an action asks before it changes anything. */
final class ConfirmPage extends ConsolePage {

  ConfirmPage(Browser browser) {
    super(browser, "confirm");
  }

  String question() {
    return text(By.id("question"));
  }

  ReleasePage confirm(String reason) {
    type(By.id("reason"), reason);
    click(By.id("confirm"));
    return new ReleasePage(browser);
  }

  ReleasePage confirm() {
    click(By.id("confirm"));
    return new ReleasePage(browser);
  }
}
