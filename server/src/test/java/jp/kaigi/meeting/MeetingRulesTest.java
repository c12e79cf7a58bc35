package jp.kaigi.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.Role;
import jp.kaigi.http.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MeetingRulesTest {
  static final Meeting M =
      new Meeting(
          1,
          "t",
          MeetingKind.PLENARY,
          null,
          OffsetDateTime.now(),
          null,
          MeetingStatus.PUBLISHED,
          false,
          OffsetDateTime.now());

  static Caller caller(Role... roles) {
    return new Caller(1, "u", "U", EnumSet.copyOf(Set.of(roles)), Set.of(), "csrf", false);
  }

  @Test
  @DisplayName("status moves only one step forward")
  void statusSteps() {
    assertThat(MeetingStatus.DRAFT.canMoveTo(MeetingStatus.PUBLISHED)).isTrue();
    assertThat(MeetingStatus.PUBLISHED.canMoveTo(MeetingStatus.IN_SESSION)).isTrue();
    assertThat(MeetingStatus.IN_SESSION.canMoveTo(MeetingStatus.CLOSED)).isTrue();
    assertThat(MeetingStatus.DRAFT.canMoveTo(MeetingStatus.CLOSED)).isFalse();
    assertThat(MeetingStatus.CLOSED.canMoveTo(MeetingStatus.DRAFT)).isFalse();
    assertThat(MeetingStatus.PUBLISHED.canMoveTo(MeetingStatus.PUBLISHED)).isFalse();
  }

  @Test
  @DisplayName("only the meeting's host or a manager may host page sync")
  void mayHost() {
    assertThat(new MeetingAccess(M, false, Optional.of(MeetingRole.HOST)).mayHost()).isTrue();
    assertThat(new MeetingAccess(M, false, Optional.of(MeetingRole.MEMBER)).mayHost()).isFalse();
    assertThat(new MeetingAccess(M, false, Optional.of(MeetingRole.OBSERVER)).mayHost()).isFalse();
    assertThat(new MeetingAccess(M, true, Optional.empty()).mayHost()).isTrue();
  }

  @Test
  @DisplayName("the stronger meeting role wins when a user is invited twice")
  void strongerRole() {
    assertThat(MeetingRole.stronger(MeetingRole.MEMBER, MeetingRole.HOST))
        .isEqualTo(MeetingRole.HOST);
    assertThat(MeetingRole.stronger(MeetingRole.OBSERVER, MeetingRole.MEMBER))
        .isEqualTo(MeetingRole.MEMBER);
  }

  @Test
  @DisplayName("clerks and admins manage meetings; members, hosts and facilities do not")
  void managers() {
    assertThat(caller(Role.CLERK).isMeetingManager()).isTrue();
    assertThat(caller(Role.ADMIN).isMeetingManager()).isTrue();
    assertThat(caller(Role.MEMBER, Role.HOST).isMeetingManager()).isFalse();
    assertThat(caller(Role.FACILITIES).isMeetingManager()).isFalse();
    assertThatThrownBy(() -> caller(Role.MEMBER).require(Role.CLERK))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(403));
  }
}
