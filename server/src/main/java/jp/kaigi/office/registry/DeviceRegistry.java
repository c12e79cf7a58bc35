package jp.kaigi.office.registry;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import jp.kaigi.http.Problem;
import jp.kaigi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry: the rules for devices, plus an in-memory copy every node keeps so the broker
 * can authenticate a connect and the pipeline can place a reading without SQL. Writes go to SQL
 * first, then every node reloads the changed device (event bus {@link #CHANGED}).
 */
public final class DeviceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistry.class);
  public static final String CHANGED = "kaigi.office.devices.changed";

  /** A safe MQTT topic level and username: no '/', '+', '#', spaces. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

  private static final Pattern LABEL = Pattern.compile("[^\\p{Cntrl}/+#]{1,64}");

  private final Vertx vertx;
  private final Database db;
  private final DeviceStore store = new DeviceStore();
  private final Map<String, Device> cache = new ConcurrentHashMap<>();

  /** A device as created: its record and its secret, shown this once. */
  public record Issued(Device device, String secret) {}

  public DeviceRegistry(Vertx vertx, Database db) {
    this.vertx = vertx;
    this.db = db;
  }

  public Future<Void> start() {
    vertx
        .eventBus()
        .<String>consumer(
            CHANGED,
            msg ->
                db.read(c -> store.find(c, msg.body()))
                    .onSuccess(
                        d ->
                            d.ifPresentOrElse(
                                x -> cache.put(x.id(), x), () -> cache.remove(msg.body()))));
    return db.read(store::all)
        .map(
            all -> {
              all.forEach(d -> cache.put(d.id(), d));
              LOG.info("event=office.registry.loaded devices={}", all.size());
              return null;
            });
  }

  /** Non-blocking lookup in the node's copy. */
  public Optional<Device> cached(String id) {
    return Optional.ofNullable(cache.get(id));
  }

  public Collection<Device> cachedAll() {
    return cache.values();
  }

  /** For the broker: is this the device's secret? Never blocks. */
  public boolean authenticate(String deviceId, String secret) {
    Device d = cache.get(deviceId);
    return d != null && DeviceSecrets.matches(secret, d.secretHash());
  }

  public Future<List<Device>> list() {
    return db.read(store::all);
  }

  public Future<Device> get(String id) {
    return db.read(c -> store.find(c, id))
        .map(d -> d.orElseThrow(() -> Problem.notFound("Device")));
  }

  public Future<Issued> create(JsonObject body) {
    String secret = DeviceSecrets.generate();
    Device d = parse(body, DeviceSecrets.hash(secret), null);
    return db.transaction(
            c -> {
              if (store.find(c, d.id()).isPresent()) {
                throw Problem.conflict("device-exists", "A device with id " + d.id() + " exists");
              }
              store.insert(c, d);
              store.setBrokerHash(c, d.id(), DeviceSecrets.mosquittoHash(secret));
              return new Issued(d, secret);
            })
        .map(
            i -> {
              changed(i.device());
              return i;
            });
  }

  public Future<Device> update(String id, JsonObject body) {
    return db.transaction(
            c -> {
              Device old = store.find(c, id).orElseThrow(() -> Problem.notFound("Device"));
              Device merged =
                  parse(old.toJson().mergeIn(body).put("id", id), old.secretHash(), old);
              store.update(c, merged);
              return merged;
            })
        .map(
            d -> {
              changed(d);
              return d;
            });
  }

  /** A new secret; the old one stops working at once (current connections stay until reconnect). */
  public Future<Issued> rotateSecret(String id) {
    String secret = DeviceSecrets.generate();
    return db.transaction(
            c -> {
              Device old = store.find(c, id).orElseThrow(() -> Problem.notFound("Device"));
              Device d =
                  new Device(
                      old.id(),
                      old.type(),
                      old.site(),
                      old.floor(),
                      old.zone(),
                      old.desk(),
                      old.room(),
                      old.capacity(),
                      old.name(),
                      DeviceSecrets.hash(secret));
              store.update(c, d);
              store.setBrokerHash(c, d.id(), DeviceSecrets.mosquittoHash(secret));
              return new Issued(d, secret);
            })
        .map(
            i -> {
              changed(i.device());
              return i;
            });
  }

  public Future<Void> delete(String id) {
    return db.transaction(
            c -> {
              if (!store.delete(c, id)) {
                throw Problem.notFound("Device");
              }
              return (Void) null;
            })
        .map(
            v -> {
              cache.remove(id);
              changed(id);
              return v;
            });
  }

  /** A bad CSV: every bad row with its line number; nothing was imported. */
  public static final class ImportRejected extends RuntimeException {
    public final List<JsonObject> errors;

    ImportRejected(List<JsonObject> errors) {
      super(errors.size() + " bad rows", null, false, false);
      this.errors = errors;
    }
  }

  /**
   * Bulk provisioning from CSV ({@code id,type,site,floor,zone,desk,room,capacity,name}, header
   * first). All rows or none: a bad row fails the whole import with every bad line reported.
   */
  public Future<List<Issued>> importCsv(String csv) {
    List<List<String>> rows;
    try {
      rows = Csv.parse(csv);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Problem.badRequest("malformed-csv", e.getMessage()));
    }
    if (rows.isEmpty()) {
      return Future.failedFuture(Problem.badRequest("malformed-csv", "The CSV is empty"));
    }
    List<String> header = rows.get(0).stream().map(String::strip).toList();
    if (!header.contains("id") || !header.contains("type")) {
      return Future.failedFuture(
          Problem.badRequest(
              "malformed-csv",
              "Line 1 must be a header naming at least id, type, site, floor"
                  + " (columns: id,type,site,floor,zone,desk,room,capacity,name)"));
    }
    List<Issued> issued = new ArrayList<>();
    List<JsonObject> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      JsonObject obj = new JsonObject();
      for (int col = 0; col < header.size() && col < row.size(); col++) {
        String v = row.get(col).strip();
        if (!v.isEmpty()) {
          obj.put(header.get(col), header.get(col).equals("capacity") ? parseInt(v) : v);
        }
      }
      try {
        if (row.size() > header.size()) {
          throw Problem.validation(null, "more fields than the header has");
        }
        String secret = DeviceSecrets.generate();
        Device d = parse(obj, DeviceSecrets.hash(secret), null);
        if (!seen.add(d.id())) {
          throw Problem.validation("id", "id " + d.id() + " appears twice in the file");
        }
        issued.add(new Issued(d, secret));
      } catch (Problem p) {
        errors.add(
            new JsonObject()
                .put("line", i + 1)
                .put("field", p.field())
                .put("detail", p.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      return Future.failedFuture(new ImportRejected(errors));
    }
    return db.transaction(
            c -> {
              List<JsonObject> clashes = new ArrayList<>();
              for (int i = 0; i < issued.size(); i++) {
                if (store.find(c, issued.get(i).device().id()).isPresent()) {
                  clashes.add(
                      new JsonObject()
                          .put("id", issued.get(i).device().id())
                          .put("field", "id")
                          .put("detail", "a device with this id already exists"));
                }
              }
              if (!clashes.isEmpty()) {
                throw new ImportRejected(clashes);
              }
              for (Issued is : issued) {
                store.insert(c, is.device());
                store.setBrokerHash(c, is.device().id(), DeviceSecrets.mosquittoHash(is.secret()));
              }
              return issued;
            })
        .map(
            list -> {
              list.forEach(is -> changed(is.device()));
              return list;
            });
  }

  private static Object parseInt(String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return v; // rejected by parse() with a message naming the field
    }
  }

  private void changed(Device d) {
    // This node's copy first, so a device can connect as soon as its creation is answered;
    // the other nodes reload it from SQL.
    cache.put(d.id(), d);
    changed(d.id());
  }

  private void changed(String id) {
    vertx.eventBus().publish(CHANGED, id);
    LOG.info("event=office.device.changed id={}", id);
  }

  /** Validates a device body; every failure names its field. */
  static Device parse(JsonObject body, String secretHash, Device old) {
    String id = str(body, "id", true);
    if (!ID.matcher(id).matches()) {
      throw Problem.validation(
          "id", "id is 1–64 letters, digits, '_', '.', ':' or '-' (it is the MQTT username)");
    }
    String typeRaw = str(body, "type", true);
    DeviceType type =
        DeviceType.parse(typeRaw)
            .orElseThrow(
                () ->
                    Problem.validation(
                        "type", "type is one of desk, room, counter, tablet, gateway"));
    String site = str(body, "site", true);
    if (!ID.matcher(site).matches()) {
      throw Problem.validation("site", "site is 1–64 letters, digits, '_', '.', ':' or '-'");
    }
    String floor = label(body, "floor", true);
    String zone = label(body, "zone", false);
    String desk = label(body, "desk", false);
    String room = label(body, "room", false);
    Object capRaw = body.getValue("capacity");
    Integer capacity = null;
    if (capRaw != null) {
      if (!(capRaw instanceof Number n)
          || n.doubleValue() != Math.rint(n.doubleValue())
          || n.intValue() < 0
          || n.intValue() > 10_000) {
        throw Problem.validation("capacity", "capacity is a whole number 0–10000");
      }
      capacity = n.intValue();
    }
    if (type == DeviceType.DESK && desk == null) {
      throw Problem.validation("desk", "a desk sensor needs the desk it watches");
    }
    if ((type == DeviceType.ROOM || type == DeviceType.COUNTER) && room == null) {
      throw Problem.validation("room", "a " + type.wire() + " needs the room it watches");
    }
    String name = body.getValue("name") == null ? null : str(body, "name", false);
    if (name != null && name.length() > 200) {
      throw Problem.validation("name", "name is at most 200 characters");
    }
    return new Device(id, type, site, floor, zone, desk, room, capacity, name, secretHash);
  }

  private static String label(JsonObject body, String field, boolean required) {
    String s = str(body, field, required);
    if (s != null && !LABEL.matcher(s).matches()) {
      throw Problem.validation(field, field + " is 1–64 characters without '/', '+' or '#'");
    }
    return s;
  }

  private static String str(JsonObject body, String field, boolean required) {
    Object v = body.getValue(field);
    if (v == null || (v instanceof String s && s.isBlank())) {
      if (required) {
        throw Problem.validation(field, field + " is required");
      }
      return null;
    }
    if (!(v instanceof String s)) {
      throw Problem.validation(field, field + " must be a string");
    }
    return s.strip();
  }

  public Database db() {
    return db;
  }

  public DeviceStore store() {
    return store;
  }
}
