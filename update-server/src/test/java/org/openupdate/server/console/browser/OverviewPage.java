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

  /** The fleet's size and share up to date, as the product's card says it. */
  String fleet(String product) {
    return text(By.id("fleet-" + product));
  }

  /**
   * A product's rollouts under way, one list of cells per row: release, channel, state, stage,
   * offered to, attempts, succeeded, failed, rolled back, refused.
   */
  List<List<String>> rollouts(String product) {
    return browser
        .driver()
        .findElements(
            By.xpath(
                "//section[h2='" + product + "']//table[contains(@class,'rollouts')]/tbody/tr"))
        .stream()
        .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
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
