package org.openupdate.server.console.browser;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** One release: its rollouts with their controls, artifacts, signatures, failures, history. */
final class ReleasePage extends ConsolePage {

  ReleasePage(Browser browser) {
    super(browser, "release");
  }

  static ReleasePage open(Browser browser, String product, String version) {
    browser.go("/console/releases/" + product + "/" + version);
    return new ReleasePage(browser);
  }

  String state() {
    return text(By.id("release-state"));
  }

  String rolloutState(String channel) {
    return text(By.id("rollout-state-" + channel));
  }

  String rolloutPercentage(String channel) {
    return text(By.id("rollout-percentage-" + channel));
  }

  /** Agents on the channel that refused the release, as the rollout shows it. */
  String refused(String channel) {
    return text(By.id("refused-" + channel));
  }

  ConfirmPage askTo(String action, String channel) {
    click(By.id(action + "-" + channel));
    return new ConfirmPage(browser);
  }

  /** Halts the channel's rollout, confirming with a reason. */
  ReleasePage halt(String channel, String reason) {
    return askTo("halt", channel).confirm(reason);
  }

  /** Whether any control that changes something is on the page (buttons, upload forms). */
  boolean showsWriteControls() {
    return shows(By.cssSelector("#release-actions a"))
        || shows(By.cssSelector(".rollout .actions a"))
        || shows(By.cssSelector("form.upload"));
  }

  /** Uploads a component's file and waits for the page that shows the result. */
  ReleasePage upload(String component, Path file) {
    browser
        .driver()
        .findElement(By.id("file-" + component))
        .sendKeys(file.toAbsolutePath().toString());
    click(By.id("upload-" + component));
    new WebDriverWait(browser.driver(), Duration.ofSeconds(30))
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("flash"), "Uploaded " + component));
    return new ReleasePage(browser);
  }

  ChannelPlanPage publish() {
    click(By.id("publish"));
    return new ChannelPlanPage(browser);
  }

  ChannelPlanPage promote() {
    click(By.id("promote"));
    return new ChannelPlanPage(browser);
  }

  PullPage pull() {
    click(By.id("pull"));
    return new PullPage(browser);
  }

  List<String> artifactsMissing() {
    return browser.driver().findElements(By.cssSelector("#artifacts form.upload label")).stream()
        .map(WebElement::getText)
        .toList();
  }

  List<String> failureReasons() {
    return browser.driver().findElements(By.cssSelector("#failures tbody tr")).stream()
        .map(WebElement::getText)
        .toList();
  }

  /** One section of the changelog ("features", "fixes", "security"), item by item. */
  List<String> changelog(String section) {
    return browser.withoutWaiting(
        () ->
            browser.driver().findElements(By.cssSelector("#changelog-" + section + " li")).stream()
                .map(WebElement::getText)
                .toList());
  }

  /** A component's row in the artifacts table as shown: size, SHA-256, download address. */
  record Artifact(String size, String sha256, String url) {}

  Artifact artifact(String component) {
    WebElement row = browser.driver().findElement(By.id("artifact-" + component));
    List<WebElement> cells = row.findElements(By.tagName("td"));
    return new Artifact(cells.get(0).getText(), cells.get(1).getText(), cells.get(2).getText());
  }

  /** One of the current stage's live counts ("attempts", "successes", "failures", ...). */
  String count(String name, String channel) {
    return text(By.id(name + "-" + channel));
  }

  /** Waits (up to 15 s) until the live counts, refreshed by htmx, show a figure. */
  void waitForCount(String name, String channel, String expected) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .ignoring(StaleElementReferenceException.class)
        .until(d -> d.findElement(By.id(name + "-" + channel)).getText().equals(expected));
  }

  List<String> signedBy() {
    return browser.driver().findElements(By.cssSelector("#signed-by code")).stream()
        .map(WebElement::getText)
        .toList();
  }
}
