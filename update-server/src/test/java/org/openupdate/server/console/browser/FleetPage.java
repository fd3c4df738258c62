package org.openupdate.server.console.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The fleet: counts per channel, filters, and the matching clients. */
final class FleetPage extends ConsolePage {

  FleetPage(Browser browser) {
    super(browser, "fleet");
  }

  static FleetPage open(Browser browser) {
    browser.go("/console/fleet");
    return new FleetPage(browser);
  }

  /** Filters by product and drift state, as a person picks them from the lists. */
  FleetPage show(String product, String drift) {
    new Select(browser.driver().findElement(By.id("product"))).selectByValue(product);
    new Select(browser.driver().findElement(By.id("state"))).selectByValue(drift);
    type(By.id("q"), "");
    click(By.id("filter"));
    return new FleetPage(browser);
  }

  /** Filters by every list and field at once; "" leaves one open. */
  FleetPage filter(String product, String channel, String version, String platform) {
    new Select(browser.driver().findElement(By.id("product"))).selectByValue(product);
    new Select(browser.driver().findElement(By.id("channel"))).selectByValue(channel);
    new Select(browser.driver().findElement(By.id("state"))).selectByValue("");
    type(By.id("version"), version);
    type(By.id("platform"), platform);
    type(By.id("q"), "");
    click(By.id("filter"));
    return new FleetPage(browser);
  }

  boolean hasNextPage() {
    return browser.withoutWaiting(() -> shows(By.id("next-page")));
  }

  FleetPage nextPage() {
    click(By.id("next-page"));
    return new FleetPage(browser);
  }

  FleetPage search(String clientIdPrefix) {
    type(By.id("q"), clientIdPrefix);
    new Select(browser.driver().findElement(By.id("state"))).selectByValue("");
    click(By.id("filter"));
    return new FleetPage(browser);
  }

  /** The adoption chart's legend: "version: clients" for each line drawn. */
  List<String> adoptionLegend() {
    return browser.driver().findElements(By.cssSelector("#adoption .legend")).stream()
        .map(WebElement::getText)
        .toList();
  }

  boolean drawsAdoption() {
    return shows(By.cssSelector("#adoption svg polyline"));
  }

  List<String> clients() {
    return browser.driver().findElements(By.cssSelector("#clients tbody tr")).stream()
        .map(row -> row.getAttribute("data-client"))
        .toList();
  }

  /** The drift badge of a listed client. */
  String drift(String clientId) {
    return text(By.cssSelector("tr[data-client='" + clientId + "'] .drift"));
  }

  MachinePage machine(String clientId) {
    click(By.linkText(clientId));
    return new MachinePage(browser);
  }

  static final class MachinePage extends ConsolePage {

    MachinePage(Browser browser) {
      super(browser, "machine");
    }

    /** The versions dismissed on the machine, per product it checks for. */
    List<String> dismissed() {
      return cells("#machine-products td.dismissed");
    }

    /** The install scheduled on the machine, per product it checks for. */
    List<String> scheduled() {
      return cells("#machine-products td.scheduled");
    }

    private List<String> cells(String selector) {
      return browser.driver().findElements(By.cssSelector(selector)).stream()
          .map(WebElement::getText)
          .toList();
    }

    List<String> timeline() {
      return browser.driver().findElements(By.cssSelector("#timeline > li")).stream()
          .map(WebElement::getText)
          .toList();
    }
  }
}
