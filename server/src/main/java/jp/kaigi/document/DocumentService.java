package jp.kaigi.document;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.kaigi.auth.Caller;
import jp.kaigi.auth.Role;
import jp.kaigi.document.internal.Pdfs;
import jp.kaigi.document.internal.ZipGuard;
import jp.kaigi.http.Problem;
import jp.kaigi.meeting.MeetingAccess;
import jp.kaigi.meeting.MeetingService;
import jp.kaigi.search.DocumentIndex;
import jp.kaigi.search.SearchAccess;
import jp.kaigi.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Document rules and the upload pipeline: {@code receive → detect → convert → validate → store}
 * before the upload answers (so every bad input is a 4xx and nothing is kept), then {@code extract
 * → index → ready → event} in the background. Visibility: whoever may see the meeting sees its
 * documents, except that members never see withdrawn documents, older versions, or confidential
 * documents they were not allowed; what one may not see is 404.
 */
public final class DocumentService implements SearchAccess, DocumentAudiences {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentService.class);
  private static final String PDF = "application/pdf";

  private final Vertx vertx;
  private final Database db;
  private final MeetingService meetings;
  private final DocumentConfig config;
  private final BlobStore blobs;
  private final TextExtractor extractor;
  private final Converter converter;
  private final DocumentIndex index;
  private final WorkerExecutor workers;
  private final DocumentStore store = new DocumentStore();
  private final Map<Long, Object> documentLocks = new ConcurrentHashMap<>();

  /** Guards {@link #processing}: a stopping node waits on it until no version is processed. */
  private final Object processingLock = new Object();

  private int processing;

  /** A received file with the form fields that came with it. */
  public record Upload(
      Path file,
      String fileName,
      String title,
      Long agendaItemId,
      boolean confidential,
      Set<Long> allowedUserIds) {}

  private record Prepared(
      Path display,
      String sha256,
      long size,
      int pages,
      Path original,
      String originalSha256,
      long originalSize,
      String originalType) {}

  public DocumentService(
      Vertx vertx,
      Database db,
      MeetingService meetings,
      DocumentConfig config,
      BlobStore blobs,
      TextExtractor extractor,
      Converter converter,
      DocumentIndex index) {
    this.vertx = vertx;
    this.db = db;
    this.meetings = meetings;
    this.config = config;
    this.blobs = blobs;
    this.extractor = extractor;
    this.converter = converter;
    this.index = index;
    this.workers =
        vertx.createSharedWorkerExecutor(
            "kaigi-documents",
            config.workers(),
            config.convertTimeoutMillis() * 2 + 60_000,
            java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  // --- upload and replace -----------------------------------------------------------------------

  public Future<JsonObject> upload(Caller caller, long meetingId, Upload upload) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.read(
            c -> {
              meetings.access(c, caller, meetingId);
              if (upload.agendaItemId() != null
                  && !store.agendaItemInMeeting(c, upload.agendaItemId(), meetingId)) {
                throw Problem.validation("agendaItemId", "No such agenda item in this meeting");
              }
              return null;
            })
        .compose(v -> checkAllowed(meetingId, upload))
        .compose(v -> workers.executeBlocking(() -> prepare(upload), false))
        .compose(
            p ->
                db.transaction(
                    c -> {
                      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                      long id =
                          store.insertDocument(
                              c,
                              meetingId,
                              upload.agendaItemId(),
                              title(upload),
                              upload.confidential(),
                              caller.userId(),
                              now);
                      store.insertVersion(c, version(id, 1, upload, p, now), caller.userId());
                      store.setAllowed(c, id, upload.allowedUserIds());
                      return id;
                    }))
        .compose(id -> afterStore(caller, id, 1));
  }

  public Future<JsonObject> replace(Caller caller, long documentId, Upload upload) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.read(
            c -> {
              Document d = store.byId(c, documentId).orElseThrow(() -> notFound());
              meetings.access(c, caller, d.meetingId());
              return d;
            })
        .compose(d -> workers.executeBlocking(() -> prepare(upload), false))
        .compose(
            p ->
                db.transaction(
                    c -> {
                      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                      int v = store.nextVersion(c, documentId, now);
                      if (v < 0) {
                        throw notFound();
                      }
                      store.insertVersion(
                          c, version(documentId, v, upload, p, now), caller.userId());
                      return v;
                    }))
        .compose(v -> afterStore(caller, documentId, v));
  }

  private Future<Void> checkAllowed(long meetingId, Upload upload) {
    if (upload.allowedUserIds().isEmpty()) {
      return Future.succeededFuture();
    }
    return meetings
        .participantUserIds(meetingId)
        .map(
            participants -> {
              for (long u : upload.allowedUserIds()) {
                if (!participants.contains(u)) {
                  throw Problem.validation(
                      "allowedUserIds", "User " + u + " does not take part in this meeting");
                }
              }
              return null;
            });
  }

  private Future<JsonObject> afterStore(Caller caller, long documentId, int version) {
    LOG.info("event=document.stored documentId={} version={}", documentId, version);
    process(documentId, version);
    return get(caller, documentId);
  }

  private static String title(Upload u) {
    if (u.title() != null && !u.title().isBlank()) {
      return u.title().strip();
    }
    String name = u.fileName() == null ? "" : Path.of(u.fileName()).getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return base.isBlank() ? "無題" : (base.length() > 300 ? base.substring(0, 300) : base);
  }

  private static DocumentVersion version(
      long documentId, int version, Upload u, Prepared p, OffsetDateTime now) {
    String name = u.fileName();
    if (name != null && name.length() > 300) {
      name = name.substring(name.length() - 300);
    }
    return new DocumentVersion(
        documentId,
        version,
        DocumentVersion.PROCESSING,
        null,
        null,
        name,
        p.originalType(),
        p.originalSha256(),
        p.originalSize(),
        p.sha256(),
        p.size(),
        p.pages(),
        null,
        now);
  }

  /**
   * detect → (guard, convert) → validate → store blobs. Runs on a worker; throws a {@link Problem}
   * for anything not acceptable. The received file is moved into the blob store or left for the
   * caller to delete.
   */
  private Prepared prepare(Upload u) throws IOException {
    Path file = u.file();
    long size = Files.size(file);
    if (size == 0) {
      throw Problem.validation("file", "The uploaded file is empty");
    }
    if (startsWithZipMagic(file)) {
      String why = ZipGuard.check(file, config.maxUnpackedBytes());
      if (why != null) {
        throw unprocessable("unsafe-archive", "The file was rejected: " + why);
      }
    }
    String type = extractor.detect(file);
    Path display;
    if (type.equals(PDF)) {
      display = file;
    } else if (type.equals("image/png") || type.equals("image/jpeg")) {
      if (!Pdfs.imageReadable(file)) {
        throw unprocessable("corrupt-image", "The image is damaged or truncated");
      }
      display = blobs.newTempFile(".pdf");
      Pdfs.imageToPdf(file, display);
    } else if (SofficeConverter.converts(type)) {
      if (!converter.available()) {
        throw unprocessable(
            "conversion-unavailable",
            "This server cannot convert Office files (LibreOffice is not installed); upload the"
                + " document as PDF instead");
      }
      display = blobs.newTempFile(".pdf");
      try {
        converter.toPdf(file, type, display);
      } catch (Converter.ConversionException e) {
        Files.deleteIfExists(display);
        throw unprocessable(
            e.timedOut() ? "conversion-timeout" : "conversion-failed",
            e.getMessage() + "; upload the document as PDF instead");
      }
    } else if (type.equals("application/x-tika-ooxml-protected")
        || type.equals("application/x-tika-msoffice-protected")) {
      throw unprocessable(
          "password-protected", "The file is password-protected; upload it without a password");
    } else {
      throw new Problem(
          415,
          "unsupported-type",
          "Unsupported file type",
          "The file's content is "
              + type
              + "; accepted are PDF, Word, Excel, PowerPoint, OpenDocument, PNG and JPEG",
          "file");
    }
    int pages;
    try {
      pages = Pdfs.validate(display);
    } catch (Pdfs.BadPdfException e) {
      if (display != file) {
        Files.deleteIfExists(display);
      }
      throw unprocessable(e.kind(), e.getMessage());
    }
    String originalSha = BlobStore.sha256(file);
    String sha = display == file ? originalSha : BlobStore.sha256(display);
    long displaySize = Files.size(display);
    // Both go into the store (the original kept for audit and re-conversion); the received file
    // lives in the data dir's temp area, so these are renames, not copies.
    if (display != file) {
      blobs.put(display, sha);
    }
    blobs.put(file, originalSha);
    return new Prepared(
        blobs.path(sha), sha, displaySize, pages, blobs.path(originalSha), originalSha, size, type);
  }

  private static boolean startsWithZipMagic(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(4);
      return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
    }
  }

  private static Problem unprocessable(String type, String detail) {
    return new Problem(422, type, "Document not accepted", detail, "file");
  }

  private static Problem notFound() {
    return Problem.notFound("Document");
  }

  // --- background processing -------------------------------------------------------------------

  /** extract → index → ready → event, on a worker; failures mark the version failed. */
  Future<Void> process(long documentId, int version) {
    return workers
        .executeBlocking(() -> processBlocking(documentId, version), false)
        .compose(
            event -> {
              if (event != null) {
                vertx.eventBus().publish(event.getString("address"), event.getJsonObject("body"));
              }
              return Future.<Void>succeededFuture();
            })
        .onFailure(
            e ->
                LOG.error(
                    "event=document.process_error documentId={} version={} error={}",
                    documentId,
                    version,
                    e.toString(),
                    e));
  }

  private JsonObject processBlocking(long documentId, int version) throws Exception {
    return writingIndex(() -> processVersion(documentId, version));
  }

  /** Work that writes the index, counted so that a stopping node waits for it to end. */
  private <T> T writingIndex(java.util.concurrent.Callable<T> work) throws Exception {
    synchronized (processingLock) {
      processing++;
    }
    try {
      return work.call();
    } finally {
      synchronized (processingLock) {
        processing--;
        processingLock.notifyAll();
      }
    }
  }

  /**
   * Waits up to {@code millis} until no version is being processed and the start's catch-up of the
   * index is done. A stopping node interrupts its workers first, so they end quickly; they must not
   * go on writing into a closed index.
   */
  boolean awaitProcessingEnded(long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000;
    synchronized (processingLock) {
      while (processing > 0) {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        processingLock.wait(left);
      }
      return true;
    }
  }

  /** An interrupted worker means the node is stopping: not the document's fault. */
  private static boolean interruptedByStop(Throwable e) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.nio.channels.ClosedByInterruptException
          || t instanceof InterruptedException
          || t instanceof java.io.InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  private JsonObject processVersion(long documentId, int version) throws Exception {
    synchronized (documentLocks.computeIfAbsent(documentId, k -> new Object())) {
      var v = db.inTransaction(c -> store.version(c, documentId, version));
      if (v.isEmpty() || !v.get().status().equals(DocumentVersion.PROCESSING)) {
        return null;
      }
      long started = System.nanoTime();
      try {
        List<String> texts = extract(v.get().sha256());
        Document d = db.inTransaction(c -> store.byId(c, documentId)).orElseThrow();
        if (d.currentVersion() == null || d.currentVersion() < version) {
          long startsAt = db.inTransaction(c -> store.meetingStartsAtMillis(c, d.meetingId()));
          index(d, startsAt, version, texts);
        }
        Set<Long> allowed =
            db.inTransaction(
                c -> {
                  store.markReady(c, documentId, version, texts);
                  return store.allowed(c, documentId);
                });
        LOG.info(
            "event=document.ready documentId={} version={} pages={} ms={}",
            documentId,
            version,
            texts.size(),
            (System.nanoTime() - started) / 1_000_000);
        if (d.withdrawn() || (d.currentVersion() != null && d.currentVersion() > version)) {
          return null;
        }
        return new JsonObject()
            .put(
                "address",
                d.currentVersion() == null ? DocumentEvents.PUBLISHED : DocumentEvents.REPLACED)
            .put(
                "body",
                DocumentEvents.body(
                    d.meetingId(),
                    documentId,
                    version,
                    d.title(),
                    v.get().pages(),
                    v.get().sha256(),
                    d.confidential(),
                    allowed));
      } catch (RuntimeException e) {
        if (interruptedByStop(e)) {
          // Left in processing: the next start resumes it.
          LOG.info(
              "event=document.processing_interrupted documentId={} version={}",
              documentId,
              version);
          return null;
        }
        ProcessingFailed failed = ProcessingFailed.of(e);
        LOG.warn(
            "event=document.failed documentId={} version={} reason={} error={}",
            documentId,
            version,
            failed.reason.code(),
            failed.getCause() != null ? failed.getCause().toString() : failed.getMessage());
        db.inTransaction(
            c -> {
              store.markFailed(c, documentId, version, failed.reason, failed.getMessage());
              return null;
            });
        return null;
      }
    }
  }

  /** extract: the text of each page of the stored PDF (index 0 is page 1). */
  private List<String> extract(String sha256) {
    if (!blobs.exists(sha256)) {
      throw new ProcessingFailed(
          DocumentFailure.FILE_MISSING, "The stored file " + sha256 + " is missing", null);
    }
    try {
      return Pdfs.pageTexts(blobs.path(sha256));
    } catch (IOException | RuntimeException e) {
      throw new ProcessingFailed(
          DocumentFailure.EXTRACT_FAILED, "The PDF's text could not be read: " + e.getMessage(), e);
    }
  }

  /** index: the version's pages replace the document's in the search index, committed. */
  private void index(Document d, long startsAt, int version, List<String> texts) {
    List<DocumentIndex.Page> pages = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      pages.add(new DocumentIndex.Page(i + 1, texts.get(i)));
    }
    try {
      index.put(
          new DocumentIndex.IndexedDocument(
              d.meetingId(), startsAt, d.id(), version, d.title(), pages));
      index.commit();
    } catch (IOException | RuntimeException e) {
      throw new ProcessingFailed(
          DocumentFailure.INDEX_FAILED,
          "The search index could not take the pages: " + e.getMessage(),
          e);
    }
  }

  /** A processing step that failed, with the reason the clerk is shown. */
  private static final class ProcessingFailed extends RuntimeException {
    final DocumentFailure reason;

    ProcessingFailed(DocumentFailure reason, String detail, Throwable cause) {
      super(detail, cause);
      this.reason = reason;
    }

    /** {@code e} as a failure with a code: an unforeseen one is {@code processing-failed}. */
    static ProcessingFailed of(RuntimeException e) {
      return e instanceof ProcessingFailed f
          ? f
          : new ProcessingFailed(DocumentFailure.PROCESSING_FAILED, "Processing failed: " + e, e);
    }
  }

  // --- withdraw ---------------------------------------------------------------------------------

  public Future<JsonObject> withdraw(Caller caller, long documentId) {
    caller.require(Role.ADMIN, Role.CLERK);
    return db.transaction(
            c -> {
              Document d = store.byId(c, documentId).orElseThrow(() -> notFound());
              meetings.access(c, caller, d.meetingId());
              store.setWithdrawn(c, documentId, true);
              DocumentVersion current =
                  d.currentVersion() == null
                      ? null
                      : store.version(c, documentId, d.currentVersion()).orElse(null);
              return new Object[] {d, store.allowed(c, documentId), current};
            })
        .compose(
            pair -> {
              Document d = (Document) pair[0];
              @SuppressWarnings("unchecked")
              Set<Long> allowed = (Set<Long>) pair[1];
              DocumentVersion current = (DocumentVersion) pair[2];
              if (!d.withdrawn() && current != null) {
                vertx
                    .eventBus()
                    .publish(
                        DocumentEvents.WITHDRAWN,
                        DocumentEvents.body(
                            d.meetingId(),
                            d.id(),
                            current.version(),
                            d.title(),
                            current.pages(),
                            current.sha256(),
                            d.confidential(),
                            allowed));
              }
              LOG.info("event=document.withdrawn documentId={}", documentId);
              return get(caller, documentId);
            });
  }

  // --- reading ----------------------------------------------------------------------------------

  private record Visible(Document document, MeetingAccess access) {}

  /** The document if the caller may see it, else 404. */
  private Visible visible(Connection c, Caller caller, long documentId) throws SQLException {
    Document d = store.byId(c, documentId).orElseThrow(() -> notFound());
    MeetingAccess access;
    try {
      access = meetings.access(c, caller, d.meetingId());
    } catch (Problem p) {
      throw notFound();
    }
    if (!access.manager() && !memberMaySee(c, caller, d)) {
      throw notFound();
    }
    return new Visible(d, access);
  }

  private boolean memberMaySee(Connection c, Caller caller, Document d) throws SQLException {
    if (d.withdrawn() || d.currentVersion() == null) {
      return false;
    }
    return !d.confidential() || store.allowed(c, d.id()).contains(caller.userId());
  }

  private JsonObject toJson(Connection c, Visible v) throws SQLException {
    // Versions first, then the row: a version seen ready is then always seen as current too
    // (both change in one transaction, but these are two reads).
    List<DocumentVersion> versions = store.versions(c, v.document().id());
    Document d = store.byId(c, v.document().id()).orElse(v.document());
    JsonObject json = d.toJson();
    DocumentVersion latest = versions.get(versions.size() - 1);
    DocumentVersion current =
        d.currentVersion() == null
            ? null
            : versions.stream()
                .filter(x -> x.version() == d.currentVersion())
                .findFirst()
                .orElse(null);
    if (current != null) {
      json.put("current", current.toJson());
    }
    if (v.access().manager()) {
      json.put("status", latest.status());
      if (latest.failure() != null) {
        json.put("failure", latest.failure());
        json.put("failureDetail", latest.failureDetail());
      }
      json.put("latestVersion", d.latestVersion());
      json.put("versions", new JsonArray(versions.stream().map(DocumentVersion::toJson).toList()));
      if (d.confidential()) {
        json.put(
            "allowedUserIds", new JsonArray(store.allowed(c, d.id()).stream().sorted().toList()));
      }
    } else {
      json.put("status", DocumentVersion.READY);
      json.remove("withdrawn");
    }
    return json;
  }

  public Future<JsonObject> get(Caller caller, long documentId) {
    return db.read(c -> toJson(c, visible(c, caller, documentId)));
  }

  @Override
  public Future<java.util.Optional<DocumentAudience>> audience(long documentId) {
    return db.read(
        c -> {
          Document d = store.byId(c, documentId).orElse(null);
          if (d == null || d.withdrawn() || d.currentVersion() == null) {
            return java.util.Optional.<DocumentAudience>empty();
          }
          DocumentVersion v = store.version(c, documentId, d.currentVersion()).orElse(null);
          if (v == null) {
            return java.util.Optional.<DocumentAudience>empty();
          }
          Set<Long> allowed = d.confidential() ? Set.copyOf(store.allowed(c, d.id())) : Set.of();
          return java.util.Optional.of(
              new DocumentAudience(
                  d.id(), d.meetingId(), v.version(), v.pages(), d.confidential(), allowed));
        });
  }

  /** The meeting's documents the caller may see: current versions with size, pages and hash. */
  public Future<JsonArray> list(Caller caller, long meetingId) {
    return db.read(
        c -> {
          MeetingAccess access = meetings.access(c, caller, meetingId);
          JsonArray out = new JsonArray();
          for (Document d : store.byMeeting(c, meetingId)) {
            if (access.manager() || memberMaySee(c, caller, d)) {
              out.add(toJson(c, new Visible(d, access)));
            }
          }
          return out;
        });
  }

  /** A version's display PDF, if the caller may have it. Members: the current version only. */
  public Future<FileRef> file(Caller caller, long documentId, int version) {
    return db.read(
        c -> {
          Visible v = visible(c, caller, documentId);
          DocumentVersion dv = versionFor(c, v, version);
          String name = v.document().title().replaceAll("[\\\\/:*?\"<>|\\r\\n]", "_") + ".pdf";
          return new FileRef(blobs.path(dv.sha256()), dv.sha256(), dv.size(), PDF, name);
        });
  }

  private DocumentVersion versionFor(Connection c, Visible v, int version) throws SQLException {
    if (!v.access().manager() && version != v.document().currentVersion()) {
      throw notFound();
    }
    DocumentVersion dv = store.version(c, v.document().id(), version).orElseThrow(() -> notFound());
    if (!blobs.exists(dv.sha256())) {
      throw notFound();
    }
    return dv;
  }

  /** A page thumbnail (PNG), rendered on first request and cached by content hash. */
  public Future<FileRef> thumbnail(Caller caller, long documentId, int version, int page) {
    int width = config.thumbnailWidth();
    return db.read(
            c -> {
              Visible v = visible(c, caller, documentId);
              DocumentVersion dv = versionFor(c, v, version);
              if (page < 1 || page > dv.pages()) {
                throw Problem.notFound("Page");
              }
              Path png = thumbnailPath(dv.sha256(), page, width);
              // Cached ones are answered from here (a worker), not queued behind conversions.
              FileRef cached =
                  Files.isRegularFile(png)
                      ? new FileRef(
                          png,
                          dv.sha256() + "-" + page + "-" + width,
                          png.toFile().length(),
                          "image/png",
                          "page-" + page + ".png")
                      : null;
              return new Object[] {dv, cached};
            })
        .compose(
            found -> {
              if (found[1] != null) {
                return Future.succeededFuture((FileRef) found[1]);
              }
              DocumentVersion dv = (DocumentVersion) found[0];
              Path png = thumbnailPath(dv.sha256(), page, width);
              return workers.executeBlocking(
                  () -> {
                    Files.createDirectories(png.getParent());
                    Path tmp = blobs.newTempFile(".png");
                    Pdfs.thumbnail(blobs.path(dv.sha256()), page, width, tmp);
                    Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE);
                    return new FileRef(
                        png,
                        dv.sha256() + "-" + page + "-" + width,
                        Files.size(png),
                        "image/png",
                        "page-" + page + ".png");
                  },
                  false);
            });
  }

  private Path thumbnailPath(String sha256, int page, int width) {
    return config
        .dataDir()
        .resolve("thumbnails")
        .resolve(sha256.substring(0, 2))
        .resolve(sha256 + "-" + page + "-" + width + ".png");
  }

  @Override
  public Future<Set<Long>> searchableDocumentIds(Caller caller) {
    if (caller.isMeetingManager()) {
      return db.read(c -> store.searchable(c, null, null));
    }
    return meetings
        .list(caller)
        .compose(
            list -> {
              Set<Long> ids = new HashSet<>();
              for (MeetingService.Listed m : list) {
                ids.add(m.meeting().id());
              }
              return db.read(c -> store.searchable(c, ids, caller.userId()));
            });
  }

  // --- start-up ---------------------------------------------------------------------------------

  /**
   * Before serving: removes temp files of interrupted uploads and reports blobs without rows (a
   * crash between storing a blob and committing its row) and rows without blobs.
   */
  public Future<Void> recover() {
    return workers.executeBlocking(
        () -> {
          int removed = blobs.removeTempFiles();
          Set<String> referenced = db.inTransaction(store::referencedBlobs);
          Set<String> onDisk = blobs.all();
          Set<String> orphans = new HashSet<>(onDisk);
          orphans.removeAll(referenced);
          Set<String> missing = new HashSet<>(referenced);
          missing.removeAll(onDisk);
          LOG.info(
              "event=documents.recovered tempFilesRemoved={} blobs={} orphanBlobs={}",
              removed,
              onDisk.size(),
              orphans.size());
          if (!orphans.isEmpty()) {
            LOG.warn(
                "event=blob.orphans count={} note=\"blobs without a document row (an interrupted"
                    + " upload); safe to delete\" sample={}",
                orphans.size(),
                orphans.stream().limit(5).toList());
          }
          if (!missing.isEmpty()) {
            LOG.error(
                "event=blob.missing count={} sample={}",
                missing.size(),
                missing.stream().limit(5).toList());
          }
          return null;
        },
        false);
  }

  /**
   * In the background after start: brings the index up to date with SQL (what is missing or stale
   * is re-added from the stored page text) and resumes versions a restart left in processing.
   */
  public Future<Void> catchUp() {
    return workers
        .executeBlocking(
            () ->
                writingIndex(
                    () -> {
                      int changed = syncIndex(db, index, false);
                      LOG.info("event=index.synced changed={}", changed);
                      return db.inTransaction(store::processing);
                    }),
            false)
        .compose(
            pending -> {
              List<Future<Void>> all = new ArrayList<>();
              for (DocumentVersion v : pending) {
                LOG.info(
                    "event=document.resume documentId={} version={}", v.documentId(), v.version());
                all.add(process(v.documentId(), v.version()));
              }
              return Future.join(all).mapEmpty();
            });
  }

  /**
   * Makes the index hold exactly the current version of every document (from the page text in SQL);
   * with {@code full} everything is re-added. Blocking. Returns how many documents changed.
   */
  public static int syncIndex(Database db, DocumentIndex index, boolean full) throws Exception {
    DocumentStore store = new DocumentStore();
    if (full) {
      index.clear();
    }
    Map<Long, Integer> indexed = full ? Map.of() : index.indexedVersions();
    List<long[]> current = db.inTransaction(store::currentVersions);
    Set<Long> currentIds = new HashSet<>();
    int changed = 0;
    for (long[] cv : current) {
      long id = cv[0];
      int version = (int) cv[1];
      currentIds.add(id);
      Integer have = indexed.get(id);
      if (have != null && have == version) {
        continue;
      }
      var doc =
          db.inTransaction(
              c -> {
                Document d = store.byId(c, id).orElseThrow();
                return new DocumentIndex.IndexedDocument(
                    d.meetingId(),
                    store.meetingStartsAtMillis(c, d.meetingId()),
                    id,
                    version,
                    d.title(),
                    store.pages(c, id, version));
              });
      index.put(doc);
      changed++;
    }
    for (Long id : indexed.keySet()) {
      if (!currentIds.contains(id)) {
        index.delete(id);
        changed++;
      }
    }
    index.commit();
    return changed;
  }
}
