package jp.kaigi.meeting;

import jp.kaigi.testing.TestDatabase;

class PostgresMeetingApiIT extends MeetingApiContract {
  @Override
  TestDatabase database() {
    return TestDatabase.POSTGRES;
  }
}
