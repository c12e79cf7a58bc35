package jp.kaigi.document;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Content-addressed files under {@code <dataDir>/blobs/ab/cd/<sha256>}. A blob is written to a temp
 * file, fsynced and renamed atomically into place, so a crash leaves either the whole blob or only
 * a temp file (removed on start). Blocking.
 */
public final class BlobStore {
  private final Path root;
  private final Path tmp;

  public BlobStore(Path dataDir) {
    this.root = dataDir.resolve("blobs");
    this.tmp = dataDir.resolve("tmp");
  }

  public Path tmpDir() {
    return tmp;
  }

  /** A fresh empty temp file in the data dir (same file system as the blobs, so rename works). */
  public Path newTempFile(String suffix) throws IOException {
    Files.createDirectories(tmp);
    return Files.createTempFile(tmp, "blob-", suffix);
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  public Path path(String sha256) {
    return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  public boolean exists(String sha256) {
    return Files.isRegularFile(path(sha256));
  }

  /**
   * Moves a file into the store under its hash: fsync the data, rename atomically, fsync the
   * directory. A blob already present is kept (same content) and the source deleted.
   */
  public void put(Path source, String sha256) throws IOException {
    Path target = path(sha256);
    if (Files.isRegularFile(target)) {
      Files.deleteIfExists(source);
      return;
    }
    try (FileChannel ch = FileChannel.open(source, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.createDirectories(target.getParent());
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the data dir must allow atomic renames: " + e.getMessage(), e);
    }
    fsyncDirectory(target.getParent());
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems do not allow opening a directory; the rename is still atomic.
    }
  }

  /** Removes leftovers of interrupted uploads and conversions; returns how many. */
  public int removeTempFiles() throws IOException {
    if (!Files.isDirectory(tmp)) {
      return 0;
    }
    int count;
    try (Stream<Path> walk = Files.walk(tmp)) {
      count = (int) walk.filter(Files::isRegularFile).count();
    }
    SofficeConverter.deleteTree(tmp);
    Files.createDirectories(tmp);
    return count;
  }

  /** Every blob hash on disk. */
  public Set<String> all() throws IOException {
    Set<String> out = new HashSet<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> walk = Files.walk(root, 3)) {
      walk.filter(Files::isRegularFile).forEach(p -> out.add(p.getFileName().toString()));
    }
    return out;
  }
}
