package io.sluice.streams.detect;

import io.sluice.schemas.EventMetadata;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.CanonicalRecords;
import io.sluice.streams.enrich.identity.Identities;
import io.sluice.streams.enrich.identity.IdentityStore;
import io.sluice.streams.sigma.SigmaFeed;
import io.sluice.streams.sigma.SigmaField;
import io.sluice.streams.sigma.SigmaMatchState;
import io.sluice.streams.sigma.SigmaMatcher;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Matches one feed's raw vendor records against the Sigma detection rules its logsource names and
 * turns each match into the compact {@link Sighting} the Sigma processor counts, keyed by what the
 * engine rule groups by: the event's principal (user, else host, else source IP) for a detection
 * rule, the {@code group-by} values for a correlation. Runs in the normaliser's task, where the raw
 * record and its canonical record are both at hand; only matches cross the repartition topic. A
 * record is matched once against all the feed's detections ({@link SigmaMatcher}, built with the
 * rule set), so a record no rule matches costs that match and nothing else.
 */
final class SigmaProjector implements Processor<byte[], SigmaEvent, String, Sighting> {
  private final SigmaFeed feed;
  private final RuleBook book;
  private final Map<CanonicalClass, Optional<FieldPath>> srcIp =
      new EnumMap<>(CanonicalClass.class);
  private final Map<CanonicalClass, Optional<FieldPath>> vipFlag =
      new EnumMap<>(CanonicalClass.class);
  private ProcessorContext<String, Sighting> context;
  private Identities identities;
  private SigmaMatcher matcher;
  private SigmaMatchState state;

  SigmaProjector(SigmaFeed feed, RuleBook book) {
    this.feed = feed;
    this.book = book;
    for (CanonicalClass c : CanonicalClass.values()) {
      srcIp.put(c, FieldPath.resolve(c.schema(), "src_ip"));
      vipFlag.put(c, FieldPath.resolve(c.schema(), c.vipField()));
    }
  }

  @Override
  public void init(ProcessorContext<String, Sighting> context) {
    this.context = context;
    KeyValueStore<String, String> aliases = context.getStateStore(IdentityStore.STORE);
    // aliases only, no default domain: a group-by value may be an address or a host, not a user
    this.identities = new Identities(aliases::get, null);
  }

  @Override
  public void process(Record<byte[], SigmaEvent> record) {
    SigmaEvent event = record.value();
    if (event == null || event.raw() == null) {
      return;
    }
    SigmaSteps sigma = book.current().sigma(feed);
    if (sigma.isEmpty()) {
      return;
    }
    if (state == null || sigma.matcher() != matcher) {
      // the rules changed (or this is the first record): a new matcher needs a state of its own
      matcher = sigma.matcher();
      state = matcher.newState();
    }
    if (!matcher.match(event.raw(), state)) {
      return;
    }
    Map<String, List<Sighting.RuleHit>> hits = new LinkedHashMap<>(2);
    List<RuleSet.SigmaStepOf> steps = sigma.steps();
    for (int i = 0; i < steps.size(); i++) {
      if (!state.matched(sigma.detectionOf(i))) {
        continue;
      }
      RuleSet.SigmaStepOf s = steps.get(i);
      SigmaBinding.Feed f = s.feed();
      String key = f.groupBy().isEmpty() ? principal(event) : groupKey(f.groupBy(), event);
      if (key == null || key.isEmpty() || key.charAt(0) == DetectProcessor.RESERVED_PREFIX) {
        continue;
      }
      String value = f.valueOf(event.raw());
      hits.computeIfAbsent(key, k -> new ArrayList<>(2))
          .add(Sighting.RuleHit.of(s.rule().fingerprint(), f.step(), value));
    }
    if (hits.isEmpty()) {
      return;
    }
    EventMetadata metadata = CanonicalRecords.metadata(event.canonical());
    boolean vip =
        vipFlag
            .get(event.canonicalClass())
            .map(p -> "true".equals(p.getText(event.canonical())))
            .orElse(false);
    hits.forEach(
        (key, list) ->
            context.forward(
                record
                    .withKey(key)
                    .withValue(Sighting.of(metadata, event.canonicalClass(), vip, list))));
  }

  /** The user (the canonical key), else the host (endpoint findings' key), else the source IP. */
  private String principal(SigmaEvent event) {
    if (event.key() != null && !event.key().isEmpty()) {
      return event.key();
    }
    return srcIp.get(event.canonicalClass()).map(p -> p.getText(event.canonical())).orElse(null);
  }

  /**
   * The group-by values joined by '|', or null when one is absent. Values are normalised as keys
   * are (trimmed, lower case: Sigma compares strings ignoring case), and a value listed in {@code
   * reference.identities} becomes the user it names, as the canonical records' users do.
   */
  private String groupKey(List<SigmaField> fields, SigmaEvent event) {
    return Step.joinKey(fields, field -> identities.resolve(field.value(event.raw())));
  }
}
