package jp.kaigi.document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Converter} running LibreOffice headless ({@code soffice --convert-to pdf}), each run in
 * its own temporary profile (concurrent runs sharing a profile block each other), at most {@code
 * maxConcurrent} at once, killed with its child processes after the timeout.
 */
public final class SofficeConverter implements Converter {
  private static final Logger LOG = LoggerFactory.getLogger(SofficeConverter.class);

  private static final Map<String, String> EXTENSIONS =
      Map.ofEntries(
          Map.entry("application/msword", "doc"),
          Map.entry(
              "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
          Map.entry("application/vnd.ms-excel", "xls"),
          Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
          Map.entry("application/vnd.ms-powerpoint", "ppt"),
          Map.entry(
              "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
          Map.entry("application/vnd.oasis.opendocument.text", "odt"),
          Map.entry("application/vnd.oasis.opendocument.spreadsheet", "ods"),
          Map.entry("application/vnd.oasis.opendocument.presentation", "odp"),
          Map.entry("application/rtf", "rtf"));

  private final String executable;
  private final long timeoutMillis;
  private final Semaphore permits;
  private final Path workRoot;

  public SofficeConverter(String executable, long timeoutMillis, int maxConcurrent, Path workRoot) {
    this.executable = executable;
    this.timeoutMillis = timeoutMillis;
    this.permits = new Semaphore(maxConcurrent, true);
    this.workRoot = workRoot;
  }

  /** The Office media types this converter accepts. */
  public static boolean converts(String mediaType) {
    return EXTENSIONS.containsKey(mediaType);
  }

  @Override
  public boolean available() {
    Path p = Path.of(executable);
    if (p.isAbsolute()) {
      return Files.isExecutable(p);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void toPdf(Path input, String mediaType, Path output) throws ConversionException {
    String ext = EXTENSIONS.get(mediaType);
    if (ext == null) {
      throw new ConversionException("cannot convert " + mediaType, false);
    }
    long started = System.nanoTime();
    try {
      if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new ConversionException("too many conversions are waiting; try again later", true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConversionException("interrupted", false);
    }
    Path work = null;
    try {
      Files.createDirectories(workRoot);
      work = Files.createTempDirectory(workRoot, "convert-");
      Path in = work.resolve("input." + ext);
      Files.copy(input, in);
      Path outDir = Files.createDirectories(work.resolve("out"));
      Path log = work.resolve("soffice.log");
      long remaining = timeoutMillis - (System.nanoTime() - started) / 1_000_000;
      Process p =
          new ProcessBuilder(
                  List.of(
                      executable,
                      "-env:UserInstallation=" + work.resolve("profile").toUri(),
                      "--headless",
                      "--norestore",
                      "--nolockcheck",
                      "--nodefault",
                      "--convert-to",
                      "pdf",
                      "--outdir",
                      outDir.toString(),
                      in.toString()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(Math.max(1, remaining), TimeUnit.MILLISECONDS)) {
        kill(p);
        LOG.warn("event=convert.timeout type={} timeoutMs={}", mediaType, timeoutMillis);
        throw new ConversionException(
            "conversion took longer than " + timeoutMillis + " ms and was stopped", true);
      }
      Path pdf = outDir.resolve("input.pdf");
      if (p.exitValue() != 0 || !Files.isRegularFile(pdf) || Files.size(pdf) == 0) {
        String tail = tail(log);
        LOG.warn("event=convert.failed type={} exit={} log={}", mediaType, p.exitValue(), tail);
        throw new ConversionException("LibreOffice could not convert the file", false);
      }
      Files.move(pdf, output, StandardCopyOption.REPLACE_EXISTING);
      LOG.info(
          "event=convert.done type={} ms={}", mediaType, (System.nanoTime() - started) / 1_000_000);
    } catch (IOException e) {
      throw new ConversionException("conversion failed: " + e.getMessage(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConversionException("interrupted", false);
    } finally {
      permits.release();
      if (work != null) {
        deleteTree(work);
      }
    }
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    try {
      p.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log).replaceAll("\\s+", " ").strip();
      return s.length() > 300 ? s.substring(s.length() - 300) : s;
    } catch (IOException e) {
      return "";
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              f -> {
                try {
                  Files.deleteIfExists(f);
                } catch (IOException e) {
                  LOG.warn("event=tempfile.delete_failed path={} error={}", f, e.toString());
                }
              });
    } catch (IOException e) {
      LOG.warn("event=tempfile.delete_failed path={} error={}", dir, e.toString());
    }
  }
}
