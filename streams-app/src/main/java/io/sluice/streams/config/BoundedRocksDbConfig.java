package io.sluice.streams.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this JVM together, as Kafka Streams'
 * memory-management guide describes: one LRU block cache of {@code rocksdb.memory} bytes shared by
 * all stores, with the memtables charged to it through one {@link WriteBufferManager}, and index
 * and filter blocks cached (at high priority) instead of held outside the budget.
 *
 * <p>The cache is created by the first store that opens and then shared: one budget per JVM, so the
 * value of the first configuration seen wins. It is never closed by a store, because the next store
 * (or the next task after a rebalance) uses it.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {
  /** Kafka Streams passes every property it was given to the setter: the budget travels so. */
  static final String MEMORY = "sluice.rocksdb.memory.bytes";

  static final String MEMTABLE_FRACTION = "sluice.rocksdb.memtable.fraction";

  /**
   * Small blocks suit point lookups of small values, the only access pattern of Sluice's stores.
   */
  private static final long BLOCK_SIZE = 4 * 1024L;

  private static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

  private static Cache cache;
  private static WriteBufferManager writeBufferManager;
  private static long budget;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    shared(configs);
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(cache);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    table.setBlockSize(BLOCK_SIZE);
    options.setWriteBufferManager(writeBufferManager);
    // memtables are flushed when the shared budget is reached, so a small per-store size keeps
    // one busy store from holding the whole budget
    options.setWriteBufferSize(Math.max(1L << 20, budget / 64));
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  private static synchronized void shared(Map<String, Object> configs) {
    if (cache != null) {
      return;
    }
    budget = longValue(configs.get(MEMORY), 256L << 20);
    double memtables = doubleValue(configs.get(MEMTABLE_FRACTION), 0.25);
    cache = new LRUCache(budget, -1, false, HIGH_PRIORITY_POOL_RATIO);
    writeBufferManager = new WriteBufferManager((long) (budget * memtables), cache);
  }

  /** The budget in force, or 0 before the first store opened. */
  public static synchronized long budgetBytes() {
    return cache == null ? 0 : budget;
  }

  @Override
  public void close(String storeName, Options options) {
    // the cache and write-buffer manager are shared by every store of the JVM: never closed here
  }

  private static long longValue(Object value, long fallback) {
    return value == null ? fallback : Long.parseLong(value.toString());
  }

  private static double doubleValue(Object value, double fallback) {
    return value == null ? fallback : Double.parseDouble(value.toString());
  }
}
