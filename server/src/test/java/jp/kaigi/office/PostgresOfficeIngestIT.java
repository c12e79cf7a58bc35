package jp.kaigi.office;

import jp.kaigi.testing.TestDatabase;

class PostgresOfficeIngestIT extends OfficeIngestContract {
  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRES;
  }
}
