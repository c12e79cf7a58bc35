package jp.kaigi.document;

import jp.kaigi.testing.TestDatabase;

class H2DocumentApiIT extends DocumentApiContract {
  @Override
  TestDatabase database() {
    return TestDatabase.H2;
  }
}
