package org.openupdate.server.checksupport;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One read of {@code /q/metrics}, queried by metric name and a subset of labels. */
public final class Scrape {

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  private record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;

  private Scrape(List<Sample> samples) {
    this.samples = samples;
  }

  public static Scrape now() {
    List<Sample> samples = new ArrayList<>();
    for (String line :
        given().get("/q/metrics").then().statusCode(200).extract().asString().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new Scrape(samples);
  }

  /**
   * The sum of every series of {@code name} carrying all of {@code labels}; empty when none exists.
   */
  public OptionalDouble sum(String name, Map<String, String> labels) {
    List<Sample> matching =
        samples.stream()
            .filter(s -> s.name().equals(name))
            .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
            .toList();
    return matching.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of(matching.stream().mapToDouble(Sample::value).sum());
  }

  /** How many series of {@code name} carry all of {@code labels}. */
  public long series(String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .count();
  }

  /** How many series of any name carry all of {@code labels}. */
  public long series(Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .count();
  }

  /** Every value {@code label} takes in the series that carry all of {@code labels}. */
  public java.util.Set<String> values(String label, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .map(s -> s.labels().get(label))
        .filter(java.util.Objects::nonNull)
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }
}
