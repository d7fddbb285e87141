package io.sluice.streams.api;

import io.sluice.schemas.UserRisk;
import io.sluice.streams.detect.UserState;
import io.sluice.streams.enrich.VipLookup;
import io.sluice.streams.enrich.VipStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Risk queries over Kafka Streams interactive queries: a key is answered by the instance that owns
 * it (found with {@code queryMetadataForKey}), the top N by asking every instance that hosts the
 * store for its local top N and merging. Instances find each other through {@code
 * application.server}; {@code self} is this instance's value of it.
 */
public final class StreamsRiskQueries implements RiskQueries {
  private final KafkaStreams streams;
  private final HostInfo self;
  private final RemoteRiskClient remote;

  public StreamsRiskQueries(KafkaStreams streams, HostInfo self, RemoteRiskClient remote) {
    this.streams = streams;
    this.self = self;
    this.remote = remote;
  }

  @Override
  public Optional<UserRiskView> user(String user) {
    KeyQueryMetadata owner;
    try {
      owner = streams.queryMetadataForKey(UserState.STORE, user, Serdes.String().serializer());
    } catch (IllegalStateException e) {
      throw new StoreUnavailableException("streams app is not running; retry later", e);
    }
    if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
      throw new StoreUnavailableException("risk store is rebalancing; retry later");
    }
    if (self.equals(owner.activeHost())) {
      return local(user, Optional.of(owner.partition()));
    }
    return remote.user(owner.activeHost(), user);
  }

  @Override
  public List<UserRiskView> top(int n) {
    Collection<StreamsMetadata> hosts;
    try {
      hosts = streams.streamsMetadataForStore(UserState.STORE);
    } catch (IllegalStateException e) {
      throw new StoreUnavailableException("streams app is not running; retry later", e);
    }
    if (hosts.isEmpty()) {
      throw new StoreUnavailableException("risk store is rebalancing; retry later");
    }
    List<CompletableFuture<List<UserRiskView>>> answers = new ArrayList<>();
    for (StreamsMetadata host : hosts) {
      answers.add(
          self.equals(host.hostInfo())
              ? CompletableFuture.completedFuture(localTop(n))
              : remote.top(host.hostInfo(), n));
    }
    // during a rebalance two instances may briefly both answer for a user: keep the newer view
    Map<String, UserRiskView> merged = new LinkedHashMap<>();
    for (CompletableFuture<List<UserRiskView>> answer : answers) {
      List<UserRiskView> users;
      try {
        users = answer.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof StoreUnavailableException unavailable) {
          throw unavailable;
        }
        throw new StoreUnavailableException("an instance did not answer; retry later", e);
      }
      for (UserRiskView view : users) {
        merged.merge(view.user(), view, StreamsRiskQueries::newer);
      }
    }
    return merged.values().stream().sorted(UserRiskView.RISKIEST_FIRST).limit(n).toList();
  }

  @Override
  public Optional<UserRiskView> localUser(String user) {
    return local(user, Optional.empty());
  }

  @Override
  public List<UserRiskView> localTop(int n) {
    // a bounded heap whose head is the least risky of the best n seen so far
    PriorityQueue<UserRiskView> best = new PriorityQueue<>(UserRiskView.RISKIEST_FIRST.reversed());
    VipLookup vips = vips();
    try (KeyValueIterator<String, byte[]> all = store(Optional.empty()).all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        UserRisk risk = UserState.risk(entry.key, entry.value, vips);
        if (risk == null) {
          continue;
        }
        best.add(UserRiskView.of(risk));
        if (best.size() > n) {
          best.poll();
        }
      }
    } catch (InvalidStateStoreException e) {
      throw new StoreUnavailableException("risk store is rebalancing; retry later", e);
    }
    return best.stream().sorted(UserRiskView.RISKIEST_FIRST).toList();
  }

  private Optional<UserRiskView> local(String user, Optional<Integer> partition) {
    try {
      return Optional.ofNullable(UserState.risk(user, store(partition).get(user), vips()))
          .map(UserRiskView::of);
    } catch (InvalidStateStoreException e) {
      throw new StoreUnavailableException("risk store is rebalancing; retry later", e);
    }
  }

  /** The VIP list as this instance holds it (a global store: every instance has all of it). */
  private VipLookup vips() {
    ReadOnlyKeyValueStore<String, String> vips =
        streams.store(
            StoreQueryParameters.fromNameAndType(
                VipStore.STORE, QueryableStoreTypes.<String, String>keyValueStore()));
    return key -> vips.get(key) != null;
  }

  private ReadOnlyKeyValueStore<String, byte[]> store(Optional<Integer> partition) {
    StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> query =
        StoreQueryParameters.fromNameAndType(
            UserState.STORE, QueryableStoreTypes.<String, byte[]>keyValueStore());
    if (partition.isPresent()) {
      query = query.withPartition(partition.get());
    }
    return streams.store(query);
  }

  private static UserRiskView newer(UserRiskView a, UserRiskView b) {
    if (a.updatedAt() == null) {
      return b;
    }
    if (b.updatedAt() == null) {
      return a;
    }
    return java.time.Instant.parse(b.updatedAt()).isAfter(java.time.Instant.parse(a.updatedAt()))
        ? b
        : a;
  }
}
