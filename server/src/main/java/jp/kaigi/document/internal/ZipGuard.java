package jp.kaigi.document.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Zip-bomb guard for Office files (DOCX/XLSX/PPTX/ODF are zips): inflates every entry, counting,
 * and stops as soon as the total passes the limit or one big entry compresses suspiciously well.
 * Sizes declared in the zip are not trusted.
 */
public final class ZipGuard {
  private static final int MAX_ENTRIES = 20_000;
  private static final long RATIO_CHECK_BYTES = 16L << 20;
  private static final long MAX_RATIO = 200;

  private ZipGuard() {}

  /** Returns null when the zip is acceptable, otherwise why not. */
  public static String check(Path zip, long maxUnpackedBytes) {
    long total = 0;
    int entries = 0;
    byte[] buf = new byte[1 << 16];
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> all = zf.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        if (++entries > MAX_ENTRIES) {
          return "the file holds more than " + MAX_ENTRIES + " parts";
        }
        long compressed = Math.max(1, e.getCompressedSize());
        long entryBytes = 0;
        try (InputStream in = zf.getInputStream(e)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            entryBytes += n;
            total += n;
            if (total > maxUnpackedBytes) {
              return "the file unpacks to more than " + maxUnpackedBytes + " bytes";
            }
            if (entryBytes > RATIO_CHECK_BYTES && entryBytes / compressed > MAX_RATIO) {
              return "a part of the file is compressed more than " + MAX_RATIO + ":1";
            }
          }
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "the file is not a readable Office document (" + e.getMessage() + ")";
    }
  }
}
