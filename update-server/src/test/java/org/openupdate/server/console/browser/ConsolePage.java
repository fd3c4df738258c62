package org.openupdate.server.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What every console page has: the layout's header, the result of the last action, sign-out. */
abstract class ConsolePage {

  protected final Browser browser;

  /**
   * Form fields a person sees that nothing names: no {@code <label for>}, no label around them, no
   * {@code aria-label(ledby)}. Buttons name themselves; hidden fields are not seen.
   */
  private static final String UNLABELLED =
      "//*[(self::input and not(@type='hidden' or @type='submit' or @type='button'"
          + " or @type='reset')) or self::select or self::textarea]"
          + "[not(@aria-label) and not(@aria-labelledby) and not(ancestor::label)"
          + " and not(@id and @id = //label/@for)]";

  ConsolePage(Browser browser, String name) {
    this.browser = browser;
    browser.screenshot(name);
    assertThat(unlabelledFields(browser))
        .as("form fields without a label on the " + name + " page " + browser.currentUrl())
        .isEmpty();
  }

  /** The visible form fields of the browser's page that have no label, by tag and name. */
  static List<String> unlabelledFields(Browser browser) {
    return browser.withoutWaiting(
        () ->
            browser.driver().findElements(By.xpath(UNLABELLED)).stream()
                .filter(WebElement::isDisplayed)
                .map(f -> f.getTagName() + "[name=" + f.getAttribute("name") + "]")
                .toList());
  }

  String signedInAs() {
    return text(By.id("signed-in-as"));
  }

  /** The message the last action left, or "" when there is none. */
  String result() {
    List<WebElement> flash = browser.driver().findElements(By.id("flash"));
    return flash.isEmpty() ? "" : flash.get(0).getText();
  }

  SignInPage signOut() {
    browser.driver().findElement(By.id("sign-out")).click();
    return new SignInPage(browser);
  }

  /** Navigation entries shown in the header, by their text. */
  List<String> navigation() {
    return browser.driver().findElements(By.cssSelector("header nav a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  boolean shows(By element) {
    return !browser.driver().findElements(element).isEmpty();
  }

  protected String text(By element) {
    return browser.driver().findElement(element).getText();
  }

  protected void type(By field, String value) {
    WebElement input = browser.driver().findElement(field);
    input.clear();
    input.sendKeys(value);
  }

  protected void click(By element) {
    browser.driver().findElement(element).click();
  }
}
