package org.openupdate.server.console.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The audit log with its filters. */
final class AuditPage extends ConsolePage {

  AuditPage(Browser browser) {
    super(browser, "audit");
  }

  static AuditPage open(Browser browser) {
    browser.go("/console/audit");
    return new AuditPage(browser);
  }

  AuditPage filter(String actor, String action) {
    type(By.id("actor"), actor);
    type(By.id("action"), action);
    click(By.id("filter"));
    return new AuditPage(browser);
  }

  /** Each row as "actor action target". */
  List<String> rows() {
    return browser.driver().findElements(By.cssSelector("#audit tbody tr")).stream()
        .map(
            row -> {
              List<WebElement> cells = row.findElements(By.tagName("td"));
              return cells.get(1).getText()
                  + " "
                  + cells.get(2).getText()
                  + " "
                  + cells.get(3).getText();
            })
        .toList();
  }
}
