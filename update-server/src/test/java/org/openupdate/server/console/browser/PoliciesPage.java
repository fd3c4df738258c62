package org.openupdate.server.console.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Each product's release policy: a form for admins, facts for everyone else. */
final class PoliciesPage extends ConsolePage {

  PoliciesPage(Browser browser) {
    super(browser, "policies");
  }

  static PoliciesPage open(Browser browser) {
    browser.go("/console/policies");
    return new PoliciesPage(browser);
  }

  PoliciesPage save(String product, boolean approval, int soakMinutes, String soakTarget) {
    WebElement box = browser.driver().findElement(By.id("approval-" + product));
    if (box.isSelected() != approval) {
      box.click();
    }
    type(By.id("soak-" + product), Integer.toString(soakMinutes));
    type(By.id("target-" + product), soakTarget);
    click(By.id("save-policy-" + product));
    return new PoliciesPage(browser);
  }

  /** Whether the page offers a form to change any policy. */
  boolean showsAPolicyForm() {
    return browser.withoutWaiting(
        () -> shows(By.cssSelector("form[action^='/console/policies/']")));
  }

  /** What the page says about a product's policy, as its card's text. */
  String policy(String product) {
    return text(By.xpath("//section[h2='" + product + "']"));
  }
}
