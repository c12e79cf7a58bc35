package jp.kaigi.office.registry;

import io.vertx.core.json.JsonObject;

/**
 * A registered device and where it sits. The topic never says where a device is; this does.
 *
 * @param desk the desk it watches (desk sensors), else null
 * @param room the room it watches (room sensors, door counters), else null
 * @param capacity seats of the room (room, counter), else null
 */
public record Device(
    String id,
    DeviceType type,
    String site,
    String floor,
    String zone,
    String desk,
    String room,
    Integer capacity,
    String name,
    String secretHash) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("type", type.wire())
        .put("site", site)
        .put("floor", floor)
        .put("zone", zone)
        .put("desk", desk)
        .put("room", room)
        .put("capacity", capacity)
        .put("name", name);
  }

  /** The key alerts and analytics use for a room: site/floor/room. */
  public String roomKey() {
    return room == null ? null : site + "/" + floor + "/" + room;
  }
}
