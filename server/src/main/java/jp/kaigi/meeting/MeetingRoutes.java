package jp.kaigi.meeting;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import jp.kaigi.auth.AuthHandler;
import jp.kaigi.auth.Caller;
import jp.kaigi.http.Json;
import jp.kaigi.http.Problem;
import jp.kaigi.http.RouteContributor;

/** {@code /api/v1/meetings}, its agenda and participants. */
public final class MeetingRoutes implements RouteContributor {
  private final MeetingService meetings;

  public MeetingRoutes(MeetingService meetings) {
    this.meetings = meetings;
  }

  @Override
  public void mount(Router api, Router root) {
    api.get("/meetings").handler(this::list);
    api.post("/meetings").handler(this::create);
    api.get("/meetings/:id").handler(this::get);
    api.patch("/meetings/:id").handler(this::update);
    api.delete("/meetings/:id").handler(this::delete);
    api.put("/meetings/:id/status").handler(this::changeStatus);
    api.get("/meetings/:id/agenda").handler(this::agenda);
    api.post("/meetings/:id/agenda").handler(this::addAgendaItem);
    api.put("/meetings/:id/agenda/order").handler(this::reorder);
    api.patch("/meetings/:id/agenda/:itemId").handler(this::updateAgendaItem);
    api.delete("/meetings/:id/agenda/:itemId").handler(this::deleteAgendaItem);
    api.get("/meetings/:id/participants").handler(this::participants);
    api.put("/meetings/:id/participants").handler(this::replaceParticipants);
  }

  private void list(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    meetings
        .list(caller)
        .onSuccess(
            list ->
                Json.ok(
                    ctx,
                    new JsonArray(
                        list.stream()
                            .map(
                                l ->
                                    l.meeting()
                                        .toJson()
                                        .put(
                                            "myRole",
                                            l.myRole() != null ? l.myRole().wire() : null))
                            .toList())))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    JsonObject body = Json.body(ctx);
    Meeting draft =
        new Meeting(
            0,
            Json.requiredString(body, "title", 300),
            kind(Json.requiredString(body, "kind", 20)),
            Json.optionalLong(body, "groupId"),
            time(Json.requiredString(body, "startsAt", 40)),
            Json.optionalString(body, "room", 200),
            MeetingStatus.DRAFT,
            Boolean.TRUE.equals(body.getValue("recall")),
            null);
    meetings
        .create(caller, draft)
        .onSuccess(m -> Json.send(ctx, 201, m.toJson()))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Json.pathId(ctx, "id");
    meetings
        .access(caller, id)
        .compose(
            access ->
                meetings
                    .agenda(caller, id)
                    .compose(
                        agenda ->
                            meetings
                                .participants(caller, id)
                                .map(
                                    participants ->
                                        access
                                            .meeting()
                                            .toJson()
                                            .put(
                                                "myRole",
                                                access.role().map(MeetingRole::wire).orElse(null))
                                            .put("mayHost", access.mayHost())
                                            .put("mayManage", access.manager())
                                            .put(
                                                "agenda",
                                                new JsonArray(
                                                    agenda.stream()
                                                        .map(AgendaItem::toJson)
                                                        .toList()))
                                            .put(
                                                "participants",
                                                new JsonArray(
                                                    participants.stream()
                                                        .map(Participant::toJson)
                                                        .toList())))))
        .onSuccess(json -> Json.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Json.pathId(ctx, "id");
    JsonObject body = Json.body(ctx);
    String title = Json.optionalString(body, "title", 300);
    String kind = Json.optionalString(body, "kind", 20);
    String startsAt = Json.optionalString(body, "startsAt", 40);
    String room = Json.optionalString(body, "room", 200);
    Long groupId = Json.optionalLong(body, "groupId");
    MeetingKind newKind = kind != null ? kind(kind) : null;
    OffsetDateTime newStart = startsAt != null ? time(startsAt) : null;
    Object recall = body.getValue("recall");
    if (recall != null && !(recall instanceof Boolean)) {
      throw Problem.validation("recall", "recall must be true or false");
    }
    if (body.containsKey("status")) {
      throw Problem.validation("status", "change the status with PUT /meetings/{id}/status");
    }
    meetings
        .update(
            caller,
            id,
            m ->
                new Meeting(
                    m.id(),
                    title != null ? title : m.title(),
                    newKind != null ? newKind : m.kind(),
                    body.containsKey("groupId") ? groupId : m.groupId(),
                    newStart != null ? newStart : m.startsAt(),
                    body.containsKey("room") ? room : m.room(),
                    m.status(),
                    recall != null ? (Boolean) recall : m.recall(),
                    m.updatedAt()))
        .onSuccess(m -> Json.ok(ctx, m.toJson()))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    meetings
        .delete(AuthHandler.caller(ctx), Json.pathId(ctx, "id"))
        .onSuccess(v -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void changeStatus(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Json.pathId(ctx, "id");
    String raw = Json.requiredString(Json.body(ctx), "status", 20);
    MeetingStatus status =
        MeetingStatus.parse(raw)
            .orElseThrow(
                () ->
                    Problem.validation(
                        "status", "status is one of draft, published, in_session, closed"));
    meetings
        .changeStatus(caller, id, status)
        .onSuccess(m -> Json.ok(ctx, m.toJson()))
        .onFailure(ctx::fail);
  }

  private void agenda(RoutingContext ctx) {
    meetings
        .agenda(AuthHandler.caller(ctx), Json.pathId(ctx, "id"))
        .onSuccess(
            list -> Json.ok(ctx, new JsonArray(list.stream().map(AgendaItem::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private void addAgendaItem(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Json.pathId(ctx, "id");
    JsonObject body = Json.body(ctx);
    meetings
        .addAgendaItem(
            caller,
            id,
            Json.requiredString(body, "title", 500),
            Json.optionalString(body, "presenter", 200),
            Json.optionalString(body, "notes", 4000))
        .onSuccess(a -> Json.send(ctx, 201, a.toJson()))
        .onFailure(ctx::fail);
  }

  private void updateAgendaItem(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Json.pathId(ctx, "id");
    long itemId = Json.pathId(ctx, "itemId");
    JsonObject body = Json.body(ctx);
    meetings
        .updateAgendaItem(
            caller,
            id,
            itemId,
            Json.requiredString(body, "title", 500),
            Json.optionalString(body, "presenter", 200),
            Json.optionalString(body, "notes", 4000))
        .onSuccess(a -> Json.ok(ctx, a.toJson()))
        .onFailure(ctx::fail);
  }

  private void deleteAgendaItem(RoutingContext ctx) {
    meetings
        .deleteAgendaItem(
            AuthHandler.caller(ctx), Json.pathId(ctx, "id"), Json.pathId(ctx, "itemId"))
        .onSuccess(v -> Json.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void reorder(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Json.pathId(ctx, "id");
    JsonArray arr = Json.optionalArray(Json.body(ctx), "itemIds");
    if (arr == null) {
      throw Problem.validation("itemIds", "itemIds is required");
    }
    List<Long> ids = new ArrayList<>();
    for (Object o : arr) {
      if (!(o instanceof Number n)) {
        throw Problem.validation("itemIds", "itemIds must hold agenda item ids");
      }
      ids.add(n.longValue());
    }
    meetings
        .reorderAgenda(caller, id, ids)
        .onSuccess(
            list -> Json.ok(ctx, new JsonArray(list.stream().map(AgendaItem::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private void participants(RoutingContext ctx) {
    meetings
        .participants(AuthHandler.caller(ctx), Json.pathId(ctx, "id"))
        .onSuccess(
            list -> Json.ok(ctx, new JsonArray(list.stream().map(Participant::toJson).toList())))
        .onFailure(ctx::fail);
  }

  /**
   * Body: {@code {"participants": [{"userId": 3, "role": "host"}, {"groupId": 1, "role":
   * "member"}]}}.
   */
  private void replaceParticipants(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Json.pathId(ctx, "id");
    JsonArray arr = Json.optionalArray(Json.body(ctx), "participants");
    if (arr == null) {
      throw Problem.validation("participants", "participants is required");
    }
    List<Participant> list = new ArrayList<>();
    for (Object o : arr) {
      if (!(o instanceof JsonObject p)) {
        throw Problem.validation("participants", "each participant is an object");
      }
      Long userId = Json.optionalLong(p, "userId");
      Long groupId = Json.optionalLong(p, "groupId");
      if ((userId == null) == (groupId == null)) {
        throw Problem.validation("participants", "each participant has either userId or groupId");
      }
      MeetingRole role =
          MeetingRole.parse(p.getString("role", "member"))
              .orElseThrow(
                  () -> Problem.validation("participants", "role is host, member or observer"));
      list.add(new Participant(0, id, userId, groupId, null, role));
    }
    meetings
        .replaceParticipants(caller, id, list)
        .onSuccess(ps -> Json.ok(ctx, new JsonArray(ps.stream().map(Participant::toJson).toList())))
        .onFailure(ctx::fail);
  }

  private static MeetingKind kind(String raw) {
    return MeetingKind.parse(raw)
        .orElseThrow(
            () -> Problem.validation("kind", "kind is one of plenary, committee, internal"));
  }

  private static OffsetDateTime time(String raw) {
    try {
      return OffsetDateTime.parse(raw);
    } catch (DateTimeParseException e) {
      throw Problem.validation(
          "startsAt",
          "startsAt must be an ISO-8601 time with offset, e.g. 2026-12-01T10:00:00+09:00");
    }
  }
}
