package org.openupdate.server.console.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The signed-in operator's start page: products, channel heads, rollouts, alerts. */
final class OverviewPage extends ConsolePage {

  OverviewPage(Browser browser) {
    super(browser, "overview");
  }

  static OverviewPage open(Browser browser) {
    browser.go("/");
    return new OverviewPage(browser);
  }

  List<String> alerts() {
    return browser.driver().findElements(By.cssSelector("#alerts li")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** The head release of a product's channel as the overview shows it. */
  String head(String product, String channel) {
    return text(
        By.xpath(
            "//section[h2='"
                + product
                + "']//table[contains(@class,'heads')]//tr[th='"
                + channel
                + "']/td[1]"));
  }
}
