package org.openupdate.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * One gauge name's series, kept in step with a map of values by difference: a series is registered
 * the first time its tags appear, its value is updated in place after that, and it is removed when
 * its tags are gone. A scrape never finds a series missing between two updates (as a MultiGauge
 * re-registered with overwrite lets it), and an unchanged series costs nothing.
 */
final class GaugeSet {

  /** A series' current value; the gauge reads it at scrape time. */
  private static final class Value {
    volatile double value;
  }

  private final MeterRegistry registry;
  private final String name;
  private final String description;
  private final DoubleUnaryOperator atScrape;
  private final Map<Tags, Value> values = new HashMap<>();
  private final Map<Tags, Gauge> gauges = new HashMap<>();

  /**
   * @param atScrape what a scrape reports of a stored value (identity, or e.g. seconds until a
   *     stored instant)
   */
  GaugeSet(MeterRegistry registry, String name, String description, DoubleUnaryOperator atScrape) {
    this.registry = registry;
    this.name = name;
    this.description = description;
    this.atScrape = atScrape;
  }

  GaugeSet(MeterRegistry registry, String name, String description) {
    this(registry, name, description, DoubleUnaryOperator.identity());
  }

  /** Makes the series exactly {@code next}: one caller at a time. */
  synchronized void update(Map<Tags, Double> next) {
    for (Iterator<Map.Entry<Tags, Gauge>> it = gauges.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Tags, Gauge> entry = it.next();
      if (!next.containsKey(entry.getKey())) {
        registry.remove(entry.getValue());
        values.remove(entry.getKey());
        it.remove();
      }
    }
    next.forEach(
        (tags, value) -> {
          Value held = values.get(tags);
          if (held == null) {
            Value fresh = new Value();
            fresh.value = value;
            values.put(tags, fresh);
            gauges.put(
                tags,
                Gauge.builder(name, fresh, v -> atScrape.applyAsDouble(v.value))
                    .description(description)
                    .tags(tags)
                    .strongReference(true)
                    .register(registry));
          } else {
            held.value = value;
          }
        });
  }

  synchronized int size() {
    return gauges.size();
  }
}
