package jp.kaigi.meeting;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.Role;
import jp.kaigi.http.Problem;
import jp.kaigi.store.Database;

/**
 * Meeting rules. Visibility: clerks and admins see every meeting; anyone else sees a meeting only
 * once it is published and only if they take part (directly or via a group). A meeting one may not
 * see is "not found", so its existence does not leak.
 */
public final class MeetingService {
  /** Published on every status change: {@code {meetingId, status, recall}}. */
  public static final String STATUS_CHANGED = "kaigi.meeting.status";

  /** Published after a meeting's participants were replaced: {@code {meetingId}}. */
  public static final String PARTICIPANTS_CHANGED = "kaigi.meeting.participants";

  private final Database db;
  private final EventBus eventBus;
  private final MeetingStore store = new MeetingStore();

  public MeetingService(Database db, EventBus eventBus) {
    this.db = db;
    this.eventBus = eventBus;
  }

  /** A meeting in a list, with the caller's own role in it (null when not a participant). */
  public record Listed(Meeting meeting, MeetingRole myRole) {}

  public Future<List<Listed>> list(Caller caller) {
    return db.read(
        c -> {
          List<Meeting> meetings =
              caller.isMeetingManager() ? store.all(c) : store.visibleTo(c, caller.userId());
          var roles = store.rolesByMeeting(c, caller.userId());
          return meetings.stream().map(m -> new Listed(m, roles.get(m.id()))).toList();
        });
  }

  public Future<MeetingAccess> access(Caller caller, long meetingId) {
    return db.read(c -> access(c, caller, meetingId));
  }

  /** Blocking form of {@link #access}, for code already inside Database work. */
  public MeetingAccess access(Connection c, Caller caller, long meetingId) throws SQLException {
    Meeting m = store.byId(c, meetingId).orElseThrow(() -> Problem.notFound("Meeting"));
    Optional<MeetingRole> role =
        store.rolesOf(c, meetingId, caller.userId()).stream().reduce(MeetingRole::stronger);
    boolean manager = caller.isMeetingManager();
    if (!manager && (role.isEmpty() || m.status() == MeetingStatus.DRAFT)) {
      throw Problem.notFound("Meeting");
    }
    return new MeetingAccess(m, manager, role);
  }

  /** Users who take part in a meeting (for fan-out, presence, document distribution). */
  public Future<Set<Long>> participantUserIds(long meetingId) {
    return db.read(c -> store.participantUserIds(c, meetingId));
  }

  /** Every participant's display name by user id (for the host's presence view). */
  public Future<java.util.Map<Long, String>> participantNames(long meetingId) {
    return db.read(c -> store.participantNames(c, meetingId));
  }

  public Future<Meeting> create(Caller caller, Meeting draft) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
        c -> {
          checkGroup(c, draft.groupId());
          long id = store.insert(c, draft, caller.userId());
          return store.byId(c, id).orElseThrow();
        });
  }

  public Future<Meeting> update(
      Caller caller, long id, java.util.function.UnaryOperator<Meeting> change) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
        c -> {
          Meeting current = store.byId(c, id).orElseThrow(() -> Problem.notFound("Meeting"));
          Meeting next = change.apply(current);
          checkGroup(c, next.groupId());
          store.update(c, next);
          return store.byId(c, id).orElseThrow();
        });
  }

  public Future<Meeting> changeStatus(Caller caller, long id, MeetingStatus status) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
            c -> {
              Meeting m = store.byId(c, id).orElseThrow(() -> Problem.notFound("Meeting"));
              if (!m.status().canMoveTo(status)) {
                throw Problem.conflict(
                    "invalid-status-change",
                    "A meeting goes draft → published → in_session → closed; cannot go from "
                        + m.status().wire()
                        + " to "
                        + status.wire());
              }
              store.update(
                  c,
                  new Meeting(
                      m.id(),
                      m.title(),
                      m.kind(),
                      m.groupId(),
                      m.startsAt(),
                      m.room(),
                      status,
                      m.recall(),
                      m.updatedAt()));
              return store.byId(c, id).orElseThrow();
            })
        .onSuccess(
            m ->
                eventBus.publish(
                    STATUS_CHANGED,
                    new JsonObject()
                        .put("meetingId", m.id())
                        .put("status", m.status().wire())
                        .put("recall", m.recall())));
  }

  public Future<Void> delete(Caller caller, long id) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
        c -> {
          Meeting m = store.byId(c, id).orElseThrow(() -> Problem.notFound("Meeting"));
          if (m.status() != MeetingStatus.DRAFT && !caller.has(Role.ADMIN)) {
            throw Problem.conflict("not-draft", "Only draft meetings can be deleted by clerks");
          }
          store.delete(c, id);
          return null;
        });
  }

  public Future<List<AgendaItem>> agenda(Caller caller, long meetingId) {
    return db.read(
        c -> {
          access(c, caller, meetingId);
          return store.agenda(c, meetingId);
        });
  }

  public Future<AgendaItem> addAgendaItem(
      Caller caller, long meetingId, String title, String presenter, String notes) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
        c -> {
          store.byId(c, meetingId).orElseThrow(() -> Problem.notFound("Meeting"));
          long id = store.insertAgendaItem(c, meetingId, title, presenter, notes);
          return store.agenda(c, meetingId).stream()
              .filter(a -> a.id() == id)
              .findFirst()
              .orElseThrow();
        });
  }

  public Future<AgendaItem> updateAgendaItem(
      Caller caller, long meetingId, long itemId, String title, String presenter, String notes) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
        c -> {
          if (!store.updateAgendaItem(c, meetingId, itemId, title, presenter, notes)) {
            throw Problem.notFound("Agenda item");
          }
          return store.agenda(c, meetingId).stream()
              .filter(a -> a.id() == itemId)
              .findFirst()
              .orElseThrow();
        });
  }

  public Future<Void> deleteAgendaItem(Caller caller, long meetingId, long itemId) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
        c -> {
          if (!store.deleteAgendaItem(c, meetingId, itemId)) {
            throw Problem.notFound("Agenda item");
          }
          return null;
        });
  }

  /** Reorders the agenda; {@code itemIds} must name every item of the meeting exactly once. */
  public Future<List<AgendaItem>> reorderAgenda(Caller caller, long meetingId, List<Long> itemIds) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
        c -> {
          store.byId(c, meetingId).orElseThrow(() -> Problem.notFound("Meeting"));
          List<Long> existing =
              store.agenda(c, meetingId).stream().map(AgendaItem::id).sorted().toList();
          if (!itemIds.stream().sorted().toList().equals(existing)) {
            throw Problem.validation(
                "itemIds", "itemIds must list every agenda item of the meeting exactly once");
          }
          for (int i = 0; i < itemIds.size(); i++) {
            store.setAgendaPosition(c, meetingId, itemIds.get(i), i + 1);
          }
          return store.agenda(c, meetingId);
        });
  }

  public Future<List<Participant>> participants(Caller caller, long meetingId) {
    return db.read(
        c -> {
          access(c, caller, meetingId);
          return store.participants(c, meetingId);
        });
  }

  public Future<List<Participant>> replaceParticipants(
      Caller caller, long meetingId, List<Participant> list) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
            c -> {
              store.byId(c, meetingId).orElseThrow(() -> Problem.notFound("Meeting"));
              for (Participant p : list) {
                if (p.userId() != null && !exists(c, "users", p.userId())) {
                  throw Problem.validation("participants", "No user with id " + p.userId());
                }
                if (p.groupId() != null && !exists(c, "user_groups", p.groupId())) {
                  throw Problem.validation("participants", "No group with id " + p.groupId());
                }
              }
              store.replaceParticipants(c, meetingId, list);
              return store.participants(c, meetingId);
            })
        .onSuccess(
            l ->
                eventBus.publish(
                    PARTICIPANTS_CHANGED,
                    new io.vertx.core.json.JsonObject().put("meetingId", meetingId)));
  }

  private void checkGroup(Connection c, Long groupId) throws SQLException {
    if (groupId != null && !exists(c, "user_groups", groupId)) {
      throw Problem.validation("groupId", "No group with id " + groupId);
    }
  }

  private static boolean exists(Connection c, String table, long id) throws SQLException {
    // table is one of two constants above, never user input
    try (var ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ?")) {
      ps.setLong(1, id);
      try (var rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
