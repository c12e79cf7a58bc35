package jp.kaigi.document;

import io.vertx.core.Future;
import java.util.Optional;

/** Looks up a document's {@link DocumentAudience}; empty when members cannot open it at all. */
@FunctionalInterface
public interface DocumentAudiences {
  /** Empty for an unknown or withdrawn document, or one with no ready version yet. */
  Future<Optional<DocumentAudience>> audience(long documentId);
}
