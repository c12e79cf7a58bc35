package jp.kaigi.document;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jp.kaigi.auth.AuthHandler;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.Role;
import jp.kaigi.http.Json;
import jp.kaigi.http.Problem;
import jp.kaigi.http.RouteContributor;

/**
 * Upload (multipart, streamed to disk with the size limit enforced while streaming), replace
 * (差し替え), withdraw (取り下げ), listing, metadata, and file/thumbnail distribution with strong ETags,
 * immutable caching, ranges and zero-copy sendFile.
 */
public final class DocumentRoutes implements RouteContributor {
  private static final String IMMUTABLE = "private, max-age=31536000, immutable";

  private final DocumentService documents;
  private final DocumentConfig config;
  private final Path uploadsDir;

  public DocumentRoutes(DocumentService documents, DocumentConfig config, Path uploadsDir) {
    this.documents = documents;
    this.config = config;
    this.uploadsDir = uploadsDir;
  }

  @Override
  public void mount(Router api, Router root) {
    // The check runs on its own route: Vert.x wants a body handler first on a route.
    api.post("/meetings/:id/documents").handler(this::checkUpload);
    api.post("/meetings/:id/documents")
        .handler(uploadBody())
        .handler(this::upload)
        .failureHandler(this::tooLarge);
    api.get("/meetings/:id/documents").handler(this::list);
    api.get("/documents/:id").handler(this::get);
    api.put("/documents/:id/file").handler(this::checkUpload);
    api.put("/documents/:id/file")
        .handler(uploadBody())
        .handler(this::replace)
        .failureHandler(this::tooLarge);
    api.post("/documents/:id/withdraw").handler(this::withdraw);
    api.get("/documents/:id/versions/:v/file").handler(this::file);
    api.head("/documents/:id/versions/:v/file").handler(this::file);
    api.get("/documents/:id/versions/:v/pages/:p/thumbnail").handler(this::thumbnail);
    api.head("/documents/:id/versions/:v/pages/:p/thumbnail").handler(this::thumbnail);
  }

  /** Streams multipart file parts to the data dir's temp area; over the limit → 413 at once. */
  private BodyHandler uploadBody() {
    return BodyHandler.create(uploadsDir.toString())
        .setBodyLimit(config.maxUploadBytes())
        .setDeleteUploadedFilesOnEnd(true)
        .setHandleFileUploads(true)
        .setMergeFormAttributes(false);
  }

  /** Before reading a byte of the body: only clerks, only multipart. */
  private void checkUpload(RoutingContext ctx) {
    AuthHandler.caller(ctx).require(Role.ADMIN, Role.CLERK);
    String ct = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw new Problem(
          415,
          "unsupported-media-type",
          "Unsupported media type",
          "Upload the file as multipart/form-data with a part named 'file'",
          null);
    }
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length) > config.maxUploadBytes() + 64 * 1024) {
          closeAfterResponse(ctx);
          throw tooLargeProblem();
        }
      } catch (NumberFormatException e) {
        throw Problem.badRequest("bad-request", "Content-Length is not a number");
      }
    }
    ctx.next();
  }

  /**
   * The client is still sending a body we will not read: answer, let the rest drain (discarded, so
   * the client gets to read the answer) and close the connection.
   */
  private static void closeAfterResponse(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    ctx.request().handler(buf -> {});
    ctx.request().resume();
  }

  private Problem tooLargeProblem() {
    return Problem.tooLarge(
        "too-large",
        "File too large",
        "The upload is larger than the limit of " + config.maxUploadBytes() + " bytes",
        "file",
        config.maxUploadBytes());
  }

  private void tooLarge(RoutingContext ctx) {
    if (ctx.failure() == null && ctx.statusCode() == 413) {
      closeAfterResponse(ctx);
      ctx.fail(tooLargeProblem());
    } else {
      ctx.next();
    }
  }

  private DocumentService.Upload readUpload(RoutingContext ctx, boolean withFields) {
    List<FileUpload> files = ctx.fileUploads();
    FileUpload file = files.stream().filter(f -> f.name().equals("file")).findFirst().orElse(null);
    if (file == null) {
      throw Problem.validation("file", "A part named 'file' with the document is required");
    }
    if (files.size() > 1) {
      throw Problem.validation("file", "Send one file per upload");
    }
    var form = ctx.request().formAttributes();
    String title = withFields ? form.get("title") : null;
    if (title != null && title.length() > 300) {
      throw Problem.validation("title", "title is longer than 300 characters");
    }
    Long agenda = withFields ? optionalId(form.get("agendaItemId"), "agendaItemId") : null;
    boolean confidential = withFields && bool(form.get("confidential"));
    Set<Long> allowed = new HashSet<>();
    String rawAllowed = withFields ? form.get("allowedUserIds") : null;
    if (rawAllowed != null && !rawAllowed.isBlank()) {
      for (String part : rawAllowed.split("[,\\s]+")) {
        if (!part.isBlank()) {
          allowed.add(optionalId(part, "allowedUserIds"));
        }
      }
    }
    if (!allowed.isEmpty() && !confidential) {
      throw Problem.validation(
          "allowedUserIds", "allowedUserIds only applies to confidential documents");
    }
    return new DocumentService.Upload(
        Path.of(file.uploadedFileName()), file.fileName(), title, agenda, confidential, allowed);
  }

  private static Long optionalId(String raw, String field) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      long v = Long.parseLong(raw.strip());
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Problem.validation(field, field + " must be a positive whole number");
  }

  private static boolean bool(String raw) {
    if (raw == null || raw.isBlank()) {
      return false;
    }
    return switch (raw.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw Problem.validation("confidential", "confidential must be true or false");
    };
  }

  private void upload(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long meetingId = Json.pathId(ctx, "id");
    documents
        .upload(caller, meetingId, readUpload(ctx, true))
        .onSuccess(json -> Json.send(ctx, 202, json))
        .onFailure(ctx::fail);
  }

  private void replace(RoutingContext ctx) {
    Caller caller = AuthHandler.caller(ctx);
    long id = Json.pathId(ctx, "id");
    documents
        .replace(caller, id, readUpload(ctx, false))
        .onSuccess(json -> Json.send(ctx, 202, json))
        .onFailure(ctx::fail);
  }

  private void withdraw(RoutingContext ctx) {
    documents
        .withdraw(AuthHandler.caller(ctx), Json.pathId(ctx, "id"))
        .onSuccess(json -> Json.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    documents
        .list(AuthHandler.caller(ctx), Json.pathId(ctx, "id"))
        .onSuccess(json -> Json.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    documents
        .get(AuthHandler.caller(ctx), Json.pathId(ctx, "id"))
        .onSuccess(json -> Json.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private void file(RoutingContext ctx) {
    documents
        .file(AuthHandler.caller(ctx), Json.pathId(ctx, "id"), (int) Json.pathId(ctx, "v"))
        .onSuccess(f -> send(ctx, f))
        .onFailure(ctx::fail);
  }

  private void thumbnail(RoutingContext ctx) {
    documents
        .thumbnail(
            AuthHandler.caller(ctx),
            Json.pathId(ctx, "id"),
            (int) Json.pathId(ctx, "v"),
            (int) Json.pathId(ctx, "p"))
        .onSuccess(f -> send(ctx, f))
        .onFailure(ctx::fail);
  }

  /** Immutable content: strong ETag, conditional GET, one byte range, zero-copy sendFile. */
  static void send(RoutingContext ctx, FileRef f) {
    HttpServerResponse res = ctx.response();
    String etag = '"' + f.etag() + '"';
    String inm = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (inm != null && matches(inm, etag)) {
      fileHeaders(res, f, etag).setStatusCode(304).end();
      return;
    }
    long size = f.size();
    long start = 0;
    long end = size - 1;
    String range = ctx.request().getHeader("Range");
    String ifRange = ctx.request().getHeader("If-Range");
    boolean partial = range != null && (ifRange == null || ifRange.equals(etag));
    if (partial) {
      long[] r = parseRange(range, size);
      if (r == null) {
        // The file's length, so the client can ask again (RFC 9110 §15.5.17); the body is a
        // problem, so none of the file's own headers.
        res.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
        ctx.fail(
            Problem.rangeNotSatisfiable(
                "No byte of the range is in the file of " + size + " bytes"));
        return;
      }
      if (r.length == 2) {
        start = r[0];
        end = r[1];
        res.setStatusCode(206)
            .putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
      }
    }
    fileHeaders(res, f, etag);
    long length = end - start + 1;
    if (ctx.request().method() == io.vertx.core.http.HttpMethod.HEAD) {
      res.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length)).end();
      return;
    }
    if (res.closed()) {
      // The client left while the file was looked up or a thumbnail drawn (a viewer scrolling
      // past); Vert.x's sendFile on a closed connection fails with a NullPointerException inside.
      return;
    }
    res.sendFile(f.path().toString(), start, length).onFailure(ctx::fail);
  }

  private static HttpServerResponse fileHeaders(HttpServerResponse res, FileRef f, String etag) {
    return res.putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
        .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes")
        .putHeader(HttpHeaders.CONTENT_TYPE, f.contentType())
        // Already compressed formats: never gzip them (keeps sendFile zero-copy).
        .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(
            "Content-Disposition",
            "inline; filename*=UTF-8''"
                + java.net.URLEncoder.encode(f.fileName(), StandardCharsets.UTF_8)
                    .replace("+", "%20"));
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    for (String t : ifNoneMatch.split(",")) {
      String s = t.strip();
      if (s.equals("*") || s.equals(etag) || s.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One range of {@code bytes=a-b | a- | -n}: {start, end}; an empty array to send the whole file
   * (multiple ranges are answered with the whole file, as RFC 9110 allows); null if unsatisfiable.
   */
  static long[] parseRange(String header, long size) {
    String h = header.strip();
    if (!h.startsWith("bytes=")) {
      return new long[0];
    }
    String spec = h.substring(6).strip();
    if (spec.contains(",")) {
      return new long[0];
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new long[0];
    }
    try {
      String a = spec.substring(0, dash).strip();
      String b = spec.substring(dash + 1).strip();
      long start;
      long end;
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0) {
          return null;
        }
        start = Math.max(0, size - suffix);
        end = size - 1;
      } else {
        start = Long.parseLong(a);
        end = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      }
      if (start >= size || start > end || start < 0) {
        return null;
      }
      return new long[] {start, end};
    } catch (NumberFormatException e) {
      return new long[0];
    }
  }
}
