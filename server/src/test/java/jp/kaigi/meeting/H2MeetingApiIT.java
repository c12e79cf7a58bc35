package jp.kaigi.meeting;

import jp.kaigi.testing.TestDatabase;

class H2MeetingApiIT extends MeetingApiContract {
  @Override
  TestDatabase database() {
    return TestDatabase.H2;
  }
}
