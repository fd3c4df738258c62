package org.openupdate.server.console.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven by its own chromedriver, one fresh profile per test, and a
 * screenshot of every page a test visits under {@code target/screenshots/<test class>/<test>/}.
 * Where Chromium is not installed the test is skipped, saying so; in CI ({@code CI=true}) it fails.
 */
public final class Browser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** How long a lookup waits for its element to appear. */
  private static final Duration WAIT = Duration.ofSeconds(2);

  private final WebDriver driver;
  private final URL base;
  private final Path screenshots;
  private final Path profile;
  private int shots;

  private Browser(WebDriver driver, URL base, Path screenshots, Path profile) {
    this.driver = driver;
    this.base = base;
    this.screenshots = screenshots;
    this.profile = profile;
  }

  public static Browser open(URL base, TestInfo test) {
    return open(base, test, true);
  }

  /**
   * A browser that runs no script at all (Chromium's JavaScript content setting off, as a person
   * who blocks scripts has it): the console must work as plain HTML forms and links.
   */
  public static Browser openWithoutJavaScript(URL base, TestInfo test) {
    return open(base, test, false);
  }

  private static Browser open(URL base, TestInfo test, boolean javaScript) {
    boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          "browser tests need /usr/bin/chromium and /usr/bin/chromedriver; .ci/run installs them"
              + " (apt-get install chromium chromium-driver)");
    }
    Assumptions.assumeTrue(
        installed,
        "console browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing"
            + " (apt-get install chromium chromium-driver)");
    try {
      Path profile = Files.createTempDirectory("openupdate-chromium-");
      ChromeOptions options = new ChromeOptions();
      // The binary and the driver are named, so Selenium Manager never looks for (or downloads)
      // either; the flags keep Chromium off the network, which this machine does not have.
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--window-size=1280,1000",
          "--user-data-dir=" + profile);
      if (!javaScript) {
        options.setExperimentalOption(
            "prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
      }
      ChromeDriverService service =
          new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().implicitlyWait(WAIT);
      Path screenshots =
          Path.of(
              "target",
              "screenshots",
              test.getTestClass().map(Class::getSimpleName).orElse("test"),
              test.getTestMethod().map(m -> m.getName()).orElse("test"));
      deleteTree(screenshots);
      Files.createDirectories(screenshots);
      return new Browser(driver, base, screenshots, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether scripts run in this browser's pages, found out on a page of its own whose only script
   * would change its text.
   */
  public boolean runsJavaScript() {
    driver.get(
        "data:text/html,<p id='probe'>off</p><script>"
            + "document.getElementById('probe').textContent='on'</script>");
    return driver.findElement(By.id("probe")).getText().equals("on");
  }

  /** Runs lookups that expect to find nothing without waiting for something to appear. */
  public <T> T withoutWaiting(Supplier<T> lookup) {
    driver.manage().timeouts().implicitlyWait(Duration.ZERO);
    try {
      return lookup.get();
    } finally {
      driver.manage().timeouts().implicitlyWait(WAIT);
    }
  }

  public String currentUrl() {
    return driver.getCurrentUrl();
  }

  public WebDriver driver() {
    return driver;
  }

  /** Opens a path of the server under test. */
  public void go(String path) {
    driver.get(url(path));
  }

  public String url(String path) {
    String root = base.toString();
    return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path;
  }

  /** Saves what the browser shows as {@code <n>-<page>.png}. */
  public void screenshot(String page) {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    try {
      Files.write(screenshots.resolve(String.format("%02d-%s.png", ++shots, page)), png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(png).isNotEmpty();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
