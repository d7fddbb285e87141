package io.sluice.streams.views;

import io.micrometer.core.instrument.MeterRegistry;
import io.sluice.streams.api.RemoteRiskClient;
import io.sluice.streams.api.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The views' data over interactive queries, merged across instances as the risk API's top list is:
 * every instance that hosts a view store is asked for its own partitions' sum ({@link
 * ViewsApi#INTERNAL_PATH}) and the answers are added up.
 */
public final class ViewQueries {
  private final KafkaStreams streams;
  private final HostInfo self;
  private final RemoteRiskClient remote;
  private final MeterRegistry meters;

  public ViewQueries(
      KafkaStreams streams, HostInfo self, RemoteRiskClient remote, MeterRegistry meters) {
    this.streams = streams;
    this.self = self;
    this.remote = remote;
    this.meters = meters;
  }

  /** Every instance's view data, summed. */
  public ViewData all() {
    Set<HostInfo> hosts = new LinkedHashSet<>();
    try {
      for (String store : List.of(ViewsTopology.EVENTS_STORE, ViewsTopology.ALERTS_STORE)) {
        Collection<StreamsMetadata> owners = streams.streamsMetadataForStore(store);
        owners.forEach(m -> hosts.add(m.hostInfo()));
      }
    } catch (IllegalStateException e) {
      throw new StoreUnavailableException("streams app is not running; retry later", e);
    }
    if (hosts.isEmpty()) {
      throw new StoreUnavailableException("view stores are rebalancing; retry later");
    }
    List<CompletableFuture<ViewData>> answers = new ArrayList<>();
    for (HostInfo host : hosts) {
      answers.add(
          self.equals(host)
              ? CompletableFuture.completedFuture(local())
              : remote.get(host, ViewsApi.INTERNAL_PATH, ViewData.class));
    }
    ViewData sum = ViewData.empty();
    for (CompletableFuture<ViewData> answer : answers) {
      try {
        sum = sum.plus(answer.join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof StoreUnavailableException unavailable) {
          throw unavailable;
        }
        throw new StoreUnavailableException("an instance did not answer; retry later", e);
      }
    }
    return sum;
  }

  /** This instance's partitions and meters only. */
  public ViewData local() {
    try {
      return ViewData.read(store(ViewsTopology.EVENTS_STORE), store(ViewsTopology.ALERTS_STORE))
          .withPipeline(PipelineView.read(meters));
    } catch (InvalidStateStoreException e) {
      throw new StoreUnavailableException("view stores are rebalancing; retry later", e);
    }
  }

  private ReadOnlyKeyValueStore<String, byte[]> store(String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
            name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
  }
}
