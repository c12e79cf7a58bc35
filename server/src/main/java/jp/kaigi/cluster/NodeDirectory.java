package jp.kaigi.cluster;

import java.util.List;
import java.util.function.Supplier;

/**
 * Which nodes make up the cluster, without Hazelcast types: features that keep per-node state in
 * shared maps (e.g. presence) use it to find every node's entry.
 */
public interface NodeDirectory {
  String nodeId();

  List<String> nodes();

  /** A node alone (non-clustered mode). */
  static NodeDirectory single() {
    return of(() -> "local", () -> List.of("local"));
  }

  static NodeDirectory of(Supplier<String> self, Supplier<List<String>> all) {
    return new NodeDirectory() {
      @Override
      public String nodeId() {
        return self.get();
      }

      @Override
      public List<String> nodes() {
        return all.get();
      }
    };
  }
}
