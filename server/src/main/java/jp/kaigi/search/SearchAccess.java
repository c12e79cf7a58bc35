package jp.kaigi.search;

import io.vertx.core.Future;
import java.util.Set;
import jp.kaigi.auth.Caller;

/** Which documents a caller may find: implemented by the document feature, which owns the rules. */
public interface SearchAccess {
  Future<Set<Long>> searchableDocumentIds(Caller caller);
}
