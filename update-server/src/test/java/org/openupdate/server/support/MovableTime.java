package org.openupdate.server.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Set;

/** Test profile whose server reads time from a {@link MovableClock} the test can inject. */
public class MovableTime implements QuarkusTestProfile {

  @Override
  public Set<Class<?>> getEnabledAlternatives() {
    return Set.of(MovableClock.class);
  }
}
