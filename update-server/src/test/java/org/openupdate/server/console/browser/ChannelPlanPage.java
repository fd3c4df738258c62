package org.openupdate.server.console.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/** Publishing a draft, or promoting a release, to a channel with a rollout plan. */
final class ChannelPlanPage extends ConsolePage {

  ChannelPlanPage(Browser browser) {
    super(browser, "channel-plan");
  }

  /** Stages as a person types them, e.g. "10:0 100"; empty for everyone at once. */
  ReleasePage to(String channel, String stages) {
    new Select(browser.driver().findElement(By.id("channel"))).selectByValue(channel);
    type(By.id("stages"), stages);
    click(By.id("confirm"));
    return new ReleasePage(browser);
  }
}
