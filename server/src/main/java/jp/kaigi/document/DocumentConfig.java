package jp.kaigi.document;

import java.nio.file.Path;
import jp.kaigi.config.ConfigSource;

/**
 * Documents: upload limit, conversion (LibreOffice) and the worker pool for processing.
 *
 * @param maxUploadBytes largest accepted upload, enforced while the body streams in
 * @param maxUnpackedBytes largest total an Office (zip) file may unpack to (zip-bomb guard)
 * @param soffice the LibreOffice executable (name on PATH or absolute path)
 * @param convertTimeoutMillis a conversion still running after this is killed and rejected
 * @param maxConversions conversions running at once (each is a LibreOffice process)
 * @param workers threads for detection, PDF work, text extraction, thumbnails and indexing
 * @param thumbnailWidth width of page thumbnails in pixels
 */
public record DocumentConfig(
    Path dataDir,
    long maxUploadBytes,
    long maxUnpackedBytes,
    String soffice,
    long convertTimeoutMillis,
    int maxConversions,
    int workers,
    int thumbnailWidth) {

  public static DocumentConfig from(ConfigSource src, Path dataDir) {
    long maxUpload = src.longValue("KAIGI_DOCUMENT_MAX_UPLOAD_BYTES", 200L << 20, 1, 1L << 40);
    long maxUnpacked =
        src.longValue("KAIGI_DOCUMENT_MAX_UNPACKED_BYTES", 1L << 30, 1 << 20, 1L << 40);
    String soffice = src.string("KAIGI_DOCUMENT_SOFFICE", "soffice");
    long timeout = src.longValue("KAIGI_DOCUMENT_CONVERT_TIMEOUT_MS", 180_000, 100, 3_600_000);
    int conversions = src.integer("KAIGI_DOCUMENT_MAX_CONVERSIONS", 2, 1, 32);
    int workers = src.integer("KAIGI_DOCUMENT_WORKERS", 2, 1, 64);
    int thumb = src.integer("KAIGI_DOCUMENT_THUMBNAIL_WIDTH", 240, 32, 2000);
    return new DocumentConfig(
        dataDir, maxUpload, maxUnpacked, soffice, timeout, conversions, workers, thumb);
  }
}
