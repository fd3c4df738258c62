package org.openupdate.server.console.browser;

import org.openqa.selenium.By;

/** The server's address before sign-in: which server this is, and the sign-in form. */
final class SignInPage extends ConsolePage {

  SignInPage(Browser browser) {
    super(browser, "sign-in");
  }

  static SignInPage open(Browser browser) {
    browser.go("/");
    return new SignInPage(browser);
  }

  OverviewPage signIn(String token) {
    submit(token);
    return new OverviewPage(browser);
  }

  SignInPage signInRefused(String token) {
    submit(token);
    return new SignInPage(browser);
  }

  String version() {
    return text(By.id("version"));
  }

  String error() {
    return text(By.id("sign-in-error"));
  }

  boolean linksTo(String href) {
    return shows(By.cssSelector("a[href='" + href + "']"));
  }

  boolean showsSignInForm() {
    return shows(By.id("token"));
  }

  private void submit(String token) {
    type(By.id("token"), token);
    click(By.id("sign-in"));
  }
}
