package jp.kaigi.sync;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A meeting's live state: where the host is, whether follow is forced, who presents, the meeting
 * status, the last {@code seq} and the recent events (the resume log). Immutable; every event moves
 * it forward by {@link #apply}, the same way on the node that made the event (before the
 * compare-and-set in the shared map) and on every node that receives it.
 *
 * <p>{@code allowed} is null while the current document is open to every participant; for a
 * confidential one it holds the users allowed besides meeting managers, and {@link #toWireFor}
 * hides the document and page from everyone else.
 */
public record MeetingState(
    long meetingId,
    long seq,
    Long document,
    Integer version,
    Integer page,
    Double zoom,
    boolean forced,
    Long host,
    Long presenter,
    String status,
    JsonArray allowed,
    JsonArray log) {

  public static MeetingState initial(long meetingId) {
    return new MeetingState(
        meetingId, 0, null, null, null, null, false, null, null, null, null, new JsonArray());
  }

  /** The lowest seq still in the log (or seq+1 when empty). */
  public long oldestLogged() {
    return log.isEmpty() ? seq + 1 : log.getJsonObject(0).getLong("seq");
  }

  /** The state after one event; the event must carry {@code seq = this.seq + 1}. */
  public MeetingState apply(JsonObject event, int logSize) {
    long s = event.getLong("seq");
    Long doc = document;
    Integer ver = version;
    Integer pg = page;
    Double zm = zoom;
    boolean frc = forced;
    Long hst = host;
    Long pres = presenter;
    String st = status;
    JsonArray alw = allowed;
    switch (event.getString("type")) {
      case "page" -> {
        doc = event.getLong("document");
        ver = event.getInteger("version");
        pg = event.getInteger("page");
        zm = event.getDouble("zoom");
        hst = event.getLong("by");
        alw = event.getJsonArray("allowedUserIds");
      }
      case "force" -> frc = event.getBoolean("forced");
      case "presenter" -> pres = event.getLong("userId");
      case "status" -> st = event.getString("status");
      case "document" -> {
        Long id = event.getLong("documentId");
        if (id != null && id.equals(doc)) {
          switch (event.getString("event")) {
            case "withdrawn" -> {
              doc = null;
              ver = null;
              pg = null;
              alw = null;
            }
            case "replaced" -> {
              ver = event.getInteger("version");
              alw =
                  event.getBoolean("confidential", false)
                      ? event.getJsonArray("allowedUserIds", new JsonArray())
                      : null;
              Integer pages = event.getInteger("pages");
              if (pg != null && pages != null && pages > 0 && pg > pages) {
                pg = pages;
              }
            }
            default -> {}
          }
        }
      }
      default -> {}
    }
    // Shallow: logged events are never changed once made, so nodes can share them.
    JsonArray nextLog = new JsonArray(new java.util.ArrayList<>(log.getList())).add(event);
    while (nextLog.size() > logSize) {
      nextLog.remove(0);
    }
    return new MeetingState(meetingId, s, doc, ver, pg, zm, frc, hst, pres, st, alw, nextLog);
  }

  /** Whether a user may see the current document (meeting managers always may). */
  public boolean maySeeCurrent(long userId, boolean meetingManager) {
    if (allowed == null || meetingManager) {
      return true;
    }
    // Decoded JSON holds Integers or Longs: compare the numbers.
    for (int i = 0; i < allowed.size(); i++) {
      if (allowed.getValue(i) instanceof Number n && n.longValue() == userId) {
        return true;
      }
    }
    return false;
  }

  /**
   * What one user sees of the state: without the document, version, page and zoom, and with {@code
   * restricted: true}, when the current document is confidential and not for them.
   */
  public JsonObject toWireFor(long userId, boolean meetingManager) {
    JsonObject wire = toWire();
    if (!maySeeCurrent(userId, meetingManager)) {
      wire.putNull("document").putNull("version").putNull("page").putNull("zoom");
      wire.put("restricted", true);
    }
    return wire;
  }

  /** The whole state (no log, no allowed list): for meeting managers and checks. */
  public JsonObject toWire() {
    return new JsonObject()
        .put("document", document)
        .put("version", version)
        .put("page", page)
        .put("zoom", zoom)
        .put("forced", forced)
        .put("host", host)
        .put("presenter", presenter)
        .put("status", status);
  }

  public String encode() {
    return encode(new IdentityHashMap<>());
  }

  /**
   * The same text as {@link #encode()}, taking each logged event's text from {@code texts} (keyed
   * by identity) and adding the ones it lacks: a page turn then encodes one event, not the log.
   */
  public String encode(Map<JsonObject, String> texts) {
    String head =
        toWire().put("meeting", meetingId).put("seq", seq).put("allowed", allowed).encode();
    StringBuilder b = new StringBuilder(head.length() + 16 + 160 * log.size());
    // head is a non-empty object: drop its closing brace and go on with the log
    b.append(head, 0, head.length() - 1).append(",\"log\":[");
    for (int i = 0; i < log.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(texts.computeIfAbsent(log.getJsonObject(i), JsonObject::encode));
    }
    return b.append("]}").toString();
  }

  public static MeetingState decode(String json) {
    JsonObject o = new JsonObject(json);
    return new MeetingState(
        o.getLong("meeting"),
        o.getLong("seq"),
        o.getLong("document"),
        o.getInteger("version"),
        o.getInteger("page"),
        o.getDouble("zoom"),
        o.getBoolean("forced", false),
        o.getLong("host"),
        o.getLong("presenter"),
        o.getString("status"),
        o.getJsonArray("allowed"),
        o.getJsonArray("log", new JsonArray()));
  }

  /** Whether the log already holds this document event (several nodes may consume one). */
  public boolean hasDocumentEvent(String kind, long documentId, int version) {
    for (int i = 0; i < log.size(); i++) {
      JsonObject e = log.getJsonObject(i);
      if ("document".equals(e.getString("type"))
          && kind.equals(e.getString("event"))
          && Long.valueOf(documentId).equals(e.getLong("documentId"))
          && Integer.valueOf(version).equals(e.getInteger("version"))) {
        return true;
      }
    }
    return false;
  }
}
