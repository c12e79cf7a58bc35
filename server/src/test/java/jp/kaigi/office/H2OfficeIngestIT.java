package jp.kaigi.office;

import jp.kaigi.testing.TestDatabase;

class H2OfficeIngestIT extends OfficeIngestContract {
  @Override
  TestDatabase database() {
    return TestDatabase.H2;
  }
}
