package jp.kaigi.demo;

import io.vertx.core.Future;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.PasswordHasher;
import jp.kaigi.auth.Role;
import jp.kaigi.auth.UserStore;
import jp.kaigi.meeting.Meeting;
import jp.kaigi.meeting.MeetingKind;
import jp.kaigi.meeting.MeetingRole;
import jp.kaigi.meeting.MeetingStatus;
import jp.kaigi.meeting.MeetingStore;
import jp.kaigi.meeting.Participant;
import jp.kaigi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo users, groups and a meeting for {@code ops/kaigi demo}. Idempotent: each thing is created
 * only if its login, name or title is not there yet, so a second start duplicates nothing.
 */
public final class DemoData {
  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  public static final String PASSWORD = "kaigi-demo-2026";
  public static final String MEETING_TITLE = "令和8年12月定例会 総務委員会";
  public static final String COMMITTEE = "総務委員会";
  public static final String DEPARTMENT_HEADS = "部長会議";

  private record DemoUser(String login, String name, Set<Role> roles) {}

  private static final List<DemoUser> USERS =
      List.of(
          new DemoUser("clerk", "議会事務局 山田 花子", EnumSet.of(Role.CLERK)),
          new DemoUser("chair", "委員長 佐藤 一郎", EnumSet.of(Role.HOST, Role.MEMBER)),
          new DemoUser("member1", "委員 鈴木 次郎", EnumSet.of(Role.MEMBER)),
          new DemoUser("member2", "委員 田中 美和", EnumSet.of(Role.MEMBER)),
          new DemoUser("outsider", "議員 伊藤 誠 (委員外)", EnumSet.of(Role.MEMBER)),
          new DemoUser("facilities", "施設管理 高橋 健", EnumSet.of(Role.FACILITIES)));

  public static final String LOGINS_TEXT =
      """
      Demo logins (password for all: %s):
        clerk       議会事務局 — creates meetings, agendas, participants
        chair       委員長 — hosts the demo meeting (page sync)
        member1     委員 — sees the demo meeting
        member2     委員 — sees the demo meeting
        outsider    議員 — not on the committee: sees no meeting
        facilities  施設管理 — the office dashboard
      """
          .formatted(PASSWORD);

  private final Database db;
  private final PasswordHasher hasher;
  private final UserStore users = new UserStore();
  private final MeetingStore meetings = new MeetingStore();

  public DemoData(Database db, PasswordHasher hasher) {
    this.db = db;
    this.hasher = hasher;
  }

  /** The demo meeting and the clerk who runs it (to put the demo documents in). */
  public record Seeded(long meetingId, Caller clerk) {}

  /** The bundled agenda pack the demo meeting gets (source: ops/demo/demo-agenda.html). */
  public static final String AGENDA_PDF = "/jp/kaigi/demo/demo-agenda.pdf";

  public static final String AGENDA_TITLE = "総務委員会 議案資料（デモ）";

  public Future<Seeded> seed() {
    return db.transaction(
        c -> {
          Map<String, Long> ids = new java.util.HashMap<>();
          for (DemoUser u : USERS) {
            long id =
                users.byLogin(c, u.login()).isPresent()
                    ? users.byLogin(c, u.login()).get().id()
                    : users.insert(c, u.login(), u.name(), u.roles(), hasher.hash(PASSWORD));
            ids.put(u.login(), id);
          }
          long committee =
              group(
                  c,
                  COMMITTEE,
                  "議会の常任委員会",
                  List.of(ids.get("chair"), ids.get("member1"), ids.get("member2")));
          group(c, DEPARTMENT_HEADS, "庁内の部長級会議", List.of());
          if (meetings.idByTitle(c, MEETING_TITLE).isEmpty()) {
            createMeeting(c, committee, ids);
            LOG.info("event=demo.seeded");
          }
          DemoUser clerk = USERS.get(0);
          return new Seeded(
              meetings.idByTitle(c, MEETING_TITLE).orElseThrow(),
              new Caller(
                  ids.get(clerk.login()),
                  clerk.login(),
                  clerk.name(),
                  clerk.roles(),
                  Set.of(),
                  null,
                  false));
        });
  }

  private long group(Connection c, String name, String description, List<Long> members)
      throws SQLException {
    var existing = users.groupIdByName(c, name);
    if (existing.isPresent()) {
      return existing.get();
    }
    long id = users.insertGroup(c, name, description);
    users.setGroupMembers(c, id, members);
    return id;
  }

  private void createMeeting(Connection c, long committee, Map<String, Long> ids)
      throws SQLException {
    OffsetDateTime start =
        OffsetDateTime.of(
            LocalDate.now(ZoneOffset.ofHours(9)).plusDays(1),
            LocalTime.of(10, 0),
            ZoneOffset.ofHours(9));
    long meetingId =
        meetings.insert(
            c,
            new Meeting(
                0,
                MEETING_TITLE,
                MeetingKind.COMMITTEE,
                committee,
                start,
                "第1委員会室",
                MeetingStatus.PUBLISHED,
                false,
                null),
            ids.get("clerk"));
    meetings.insertAgendaItem(c, meetingId, "議案第1号 東近江市DX推進計画の改定について", "企画部長", null);
    meetings.insertAgendaItem(c, meetingId, "議案第2号 議会のペーパーレス化の推進について", "議会事務局長", null);
    meetings.insertAgendaItem(c, meetingId, "報告 次世代DX事務所の試行結果", "総務部長", null);
    List<Participant> participants = new ArrayList<>();
    participants.add(new Participant(0, meetingId, ids.get("chair"), null, null, MeetingRole.HOST));
    participants.add(new Participant(0, meetingId, null, committee, null, MeetingRole.MEMBER));
    meetings.replaceParticipants(c, meetingId, participants);
  }
}
