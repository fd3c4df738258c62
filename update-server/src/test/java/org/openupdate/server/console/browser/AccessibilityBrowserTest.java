package org.openupdate.server.console.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openupdate.server.console.browser.ReleaseBrowserTest.offeredTo;
import static org.openupdate.server.support.Admin.asAdmin;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openupdate.server.fleet.FleetRecorder;
import org.openupdate.server.support.Admin;
import org.openupdate.server.support.ReleaseFixture;

/**
 * The console for people without JavaScript or without a mouse: plain HTML forms and links do every
 * step, and the keyboard reaches them. (Every page any browser test visits is also checked for form
 * fields without a label: {@link ConsolePage}.)
 */
@QuarkusTest
class AccessibilityBrowserTest {

  @TestHTTPResource("/")
  URL server;

  @Inject FleetRecorder recorder;

  private Browser browser;

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void shouldSignInHaltARolloutAndReadTheFleetWithoutJavaScript(TestInfo test) throws SQLException {
    browser = Browser.openWithoutJavaScript(server, test);
    assertThat(browser.runsJavaScript()).as("scripts are off in this browser").isFalse();
    ReleaseFixture release = ReleaseFixture.aRelease().published();
    String client = Admin.unique("no-script-client");
    assertThat(offeredTo(client, release)).isEqualTo(release.version);
    recorder.flush();

    OverviewPage overview = SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    assertThat(overview.signedInAs()).startsWith("initial-admin");

    ReleasePage page = ReleasePage.open(browser, release.product, release.version);
    ConfirmPage question = page.askTo("halt", "stable");
    assertThat(question.question()).contains("Halt the rollout of " + release.version);
    ReleasePage halted = question.confirm("halted without a script");
    assertThat(halted.result())
        .isEqualTo(
            "Rollout of "
                + release.version
                + " on stable halted: no client is offered it any more.");
    assertThat(halted.rolloutState("stable")).isEqualTo("HALTED");
    assertThat(
            asAdmin()
                .get(
                    "/api/v1/admin/rollouts/" + release.product + "/" + release.version + "/stable")
                .then()
                .extract()
                .<String>path("state"))
        .isEqualTo("HALTED");
    assertThat(offeredTo(client, release)).isNull();

    FleetPage fleet = FleetPage.open(browser).search(client);
    assertThat(fleet.clients()).containsExactly(client);
    assertThat(fleet.drift(client)).startsWith("behind");
  }

  @Test
  void shouldSignInAndOutFromTheKeyboardAlone(TestInfo test) {
    browser = Browser.open(server, test);
    assertThat(browser.runsJavaScript())
        .as("the probe that finds scripts off finds them on in a normal browser")
        .isTrue();
    SignInPage signIn = SignInPage.open(browser);

    tabTo("token");
    new Actions(browser.driver()).sendKeys(Admin.ADMIN_TOKEN).sendKeys(Keys.ENTER).perform();
    OverviewPage overview = new OverviewPage(browser);
    assertThat(overview.signedInAs()).startsWith("initial-admin");

    tabTo("sign-out");
    new Actions(browser.driver()).sendKeys(Keys.ENTER).perform();
    assertThat(new SignInPage(browser).result()).isEqualTo("Signed out.");
    assertThat(signIn.showsSignInForm()).isTrue();
  }

  @Test
  void shouldReadEveryPageOfTheNavigationWithoutJavaScriptAndFindEachFieldLabelled(TestInfo test) {
    browser = Browser.openWithoutJavaScript(server, test);
    SignInPage.open(browser).signIn(Admin.ADMIN_TOKEN);
    List<String> pages =
        browser.driver().findElements(By.cssSelector("header nav a")).stream()
            .map(a -> a.getAttribute("href"))
            .toList();
    assertThat(pages).as("an admin's navigation").hasSize(11);

    for (String page : pages) {
      browser.driver().get(page);
      // Each page object checks the page's fields for labels as it is made.
      String name = page.substring(page.lastIndexOf('/') + 1);
      ConsolePage shown = new ConsolePage(browser, name.isEmpty() ? "overview" : name) {};
      assertThat(shown.text(By.tagName("h1"))).as("the heading of " + page).isNotBlank();
      assertThat(shown.signedInAs()).startsWith("initial-admin");
    }
  }

  @Test
  void shouldFindTheFormFieldsThatNoLabelNames(TestInfo test) {
    browser = Browser.open(server, test);
    browser
        .driver()
        .get(
            "data:text/html,<form><label for='a'>A</label><input id='a' name='a'>"
                + "<label>B <select name='b'><option>1</option></select></label>"
                + "<input name='c' aria-label='C'><input type='hidden' name='d'>"
                + "<input name='unnamed'><textarea name='bare'></textarea>"
                + "<label for='elsewhere'>E</label><input id='other' name='mislabelled'>"
                + "<button type='submit'>Go</button></form>");
    assertThat(ConsolePage.unlabelledFields(browser))
        .containsExactly("input[name=unnamed]", "textarea[name=bare]", "input[name=mislabelled]");
  }

  /** Presses Tab until the element with that id has the focus, as a person without a mouse does. */
  private void tabTo(String id) {
    for (int presses = 0; presses < 30; presses++) {
      WebElement focused = browser.driver().switchTo().activeElement();
      if (id.equals(focused.getAttribute("id"))) {
        return;
      }
      new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
    }
    throw new AssertionError("30 presses of Tab never reached #" + id);
  }
}
