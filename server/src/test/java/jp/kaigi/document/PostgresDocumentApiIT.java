package jp.kaigi.document;

import jp.kaigi.testing.TestDatabase;

class PostgresDocumentApiIT extends DocumentApiContract {
  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRES;
  }
}
