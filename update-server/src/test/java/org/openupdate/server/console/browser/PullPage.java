package org.openupdate.server.console.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/** Pulling a release from a channel (or all), with a reason. */
final class PullPage extends ConsolePage {

  PullPage(Browser browser) {
    super(browser, "pull");
  }

  ReleasePage from(String channel, String reason) {
    return from(channel, reason, "");
  }

  /** Pulls and recalls the release's clients on that channel to an older release. */
  ReleasePage from(String channel, String reason, String recallTo) {
    new Select(browser.driver().findElement(By.id("channel"))).selectByValue(channel);
    new Select(browser.driver().findElement(By.id("recallTo"))).selectByValue(recallTo);
    type(By.id("reason"), reason);
    click(By.id("confirm"));
    return new ReleasePage(browser);
  }
}
