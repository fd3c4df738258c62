package org.openupdate.server.transport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Rate limits on, small enough to reach in a test: 2 polls per client, 8 per address. */
public class RateLimitProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "openupdate.rate-limit.enabled", "true",
        "openupdate.rate-limit.per-client.requests-per-minute", "1",
        "openupdate.rate-limit.per-client.burst", "2",
        "openupdate.rate-limit.per-address.requests-per-minute", "1",
        "openupdate.rate-limit.per-address.burst", "8");
  }
}
