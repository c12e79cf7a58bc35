package jp.kaigi.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@link SharedStrings} on a Hazelcast map, called asynchronously. Vert.x's own shared map runs
 * {@code putIfAbsent} and {@code replaceIfPresent} as blocking calls on a worker thread: two thread
 * hops more per page turn, on the path every page of a clustered meeting takes. Here they are entry
 * processors: run on the entry's partition thread (and, the same way, on its backup), answered
 * asynchronously.
 */
final class HazelcastStrings implements SharedStrings {
  private final Vertx vertx;
  private final IMap<String, String> map;

  HazelcastStrings(Vertx vertx, IMap<String, String> map) {
    this.vertx = vertx;
    this.map = map;
  }

  @Override
  public Future<String> get(String key) {
    return here(map.getAsync(key));
  }

  @Override
  public Future<String> putIfAbsent(String key, String value) {
    return here(map.submitToKey(key, new PutIfAbsent(value)));
  }

  @Override
  public Future<Boolean> replace(String key, String expected, String next) {
    return here(map.submitToKey(key, new Replace(expected, next)));
  }

  private <T> Future<T> here(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  /** Sets the value if there is none; the previous value, or null. */
  record PutIfAbsent(String value) implements EntryProcessor<String, String, String> {
    @Override
    public String process(Map.Entry<String, String> entry) {
      String previous = entry.getValue();
      if (previous == null) {
        entry.setValue(value);
      }
      return previous;
    }
  }

  /** Replaces the value if it is {@code expected}; whether it did. */
  record Replace(String expected, String next) implements EntryProcessor<String, String, Boolean> {
    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      if (!expected.equals(entry.getValue())) {
        return false;
      }
      entry.setValue(next);
      return true;
    }
  }
}
