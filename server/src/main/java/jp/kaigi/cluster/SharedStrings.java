package jp.kaigi.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

/**
 * A map of strings that every node sees (Hazelcast's, with one backup, when clustered; this node's
 * own otherwise), with what a compare-and-set store needs. All operations are asynchronous and
 * complete on the caller's context.
 */
public interface SharedStrings {
  Future<String> get(String key);

  /** Stores {@code value} unless the key has one; the value that was there, or null. */
  Future<String> putIfAbsent(String key, String value);

  /** Replaces {@code expected} by {@code next}; false when another value (or none) is stored. */
  Future<Boolean> replace(String key, String expected, String next);

  /** The map {@code name}: the cluster's in clustered mode, else one of this Vert.x instance. */
  static SharedStrings of(Vertx vertx, String name) {
    return vertx.isClustered()
        ? HazelcastCluster.strings(vertx, name)
        : local(vertx.sharedData().getLocalAsyncMap(name));
  }

  private static SharedStrings local(Future<AsyncMap<String, String>> map) {
    return new SharedStrings() {
      @Override
      public Future<String> get(String key) {
        return map.compose(m -> m.get(key));
      }

      @Override
      public Future<String> putIfAbsent(String key, String value) {
        return map.compose(m -> m.putIfAbsent(key, value));
      }

      @Override
      public Future<Boolean> replace(String key, String expected, String next) {
        return map.compose(m -> m.replaceIfPresent(key, expected, next));
      }
    };
  }
}
