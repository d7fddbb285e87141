package io.sluice.streams.normalize;

import io.sluice.streams.normalize.okta.OktaSystemLogMapper;
import java.util.List;

/** The catalogue of vendor feeds the streams app normalises. */
public final class FeedMappers {
  private FeedMappers() {}

  public static List<FeedMapper> all() {
    return List.of(new OktaSystemLogMapper());
  }
}
