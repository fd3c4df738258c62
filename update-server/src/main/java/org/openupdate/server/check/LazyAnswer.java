package org.openupdate.server.check;

import java.util.function.Supplier;
import org.openupdate.manifest.CheckResponse;

/**
 * An answer serialized on its first poll, then kept: a catalog of thousands of releases answers
 * polls with a few of them (the channel heads), so serializing all at every load would cost
 * start-up time and memory for nothing. Two polls racing on the first use both build the same
 * bytes; either result is kept.
 */
public final class LazyAnswer implements Supplier<Answer> {

  private final Supplier<CheckResponse> response;
  private volatile Answer answer;

  public LazyAnswer(Supplier<CheckResponse> response) {
    this.response = response;
  }

  @Override
  public Answer get() {
    Answer built = answer;
    if (built == null) {
      built = Answer.of(response.get());
      answer = built;
    }
    return built;
  }
}
