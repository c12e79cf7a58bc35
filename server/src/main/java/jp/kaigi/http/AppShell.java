package jp.kaigi.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The app shell a tablet keeps so that it can reload without the network (docs/ui.md, Offline):
 * every file of the web app under {@code webroot/} (the office dashboard aside) and the parts of
 * PDF.js the viewer loads, with a version that is a hash of the web app's bytes and the PDF.js
 * path. {@code GET /sw.js} is {@code webroot/sw.js} with this version and file list written into
 * its first statement, so each build that changes the web app is a new service worker, which
 * replaces the old shell cache; nobody bumps a number by hand.
 *
 * <p>Read once at startup from the classpath (a directory in development, a jar in production).
 */
public final class AppShell {
  static final String WEBROOT = "webroot/";
  static final String WORKER = "sw.js";

  /** The statement in {@code webroot/sw.js} that the server replaces. */
  static final String PLACEHOLDER = "const SHELL = { version: 'dev', assets: [] };";

  static final String WEBJARS = "META-INF/resources/webjars/";
  static final String PDFJS_POM = "META-INF/maven/org.webjars.npm/pdfjs-dist/pom.properties";

  /**
   * What the viewer asks PDF.js to load (views/viewer.js: the module, its worker, {@code cMapUrl},
   * {@code standardFontDataUrl}, {@code wasmUrl}, colour profiles), licences aside.
   */
  static boolean pdfjsNeeds(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.startsWith("LICENSE")) {
      return false;
    }
    return path.equals("build/pdf.mjs")
        || path.equals("build/pdf.worker.mjs")
        || path.startsWith("cmaps/")
        || path.startsWith("standard_fonts/")
        || path.startsWith("wasm/")
        || path.startsWith("iccs/");
  }

  private final String version;
  private final List<String> assets;
  private final String worker;

  AppShell(String version, List<String> assets, String workerTemplate) {
    this.version = version;
    this.assets = List.copyOf(assets);
    if (!workerTemplate.contains(PLACEHOLDER)) {
      throw new IllegalStateException("webroot/sw.js lacks the line: " + PLACEHOLDER);
    }
    String shell =
        "const SHELL = "
            + new JsonObject().put("version", version).put("assets", new JsonArray(this.assets))
            + ";";
    this.worker = workerTemplate.replace(PLACEHOLDER, shell);
  }

  /** Reads the shell from the classpath (blocking: call it off the event loop). */
  public static AppShell load() {
    ClassLoader cl = AppShell.class.getClassLoader();
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      List<String> assets = new ArrayList<>();
      for (String file : list(cl, WEBROOT, "index.html")) {
        if (file.startsWith("office/") || file.equals(WORKER)) {
          continue;
        }
        // index.html is the app's address, "/".
        assets.add(file.equals("index.html") ? "/" : "/" + file);
        digest.update(file.getBytes(StandardCharsets.UTF_8));
        digest.update(read(cl, WEBROOT + file));
      }
      String pdfjs = "pdfjs-dist/" + pdfjsVersion(cl) + "/";
      for (String file : list(cl, WEBJARS + pdfjs, "build/pdf.mjs")) {
        if (pdfjsNeeds(file)) {
          assets.add("/webjars/" + pdfjs + file);
        }
      }
      // WebJar paths carry their version: the path alone says which PDF.js this is.
      digest.update(pdfjs.getBytes(StandardCharsets.UTF_8));
      byte[] template = read(cl, WEBROOT + WORKER);
      digest.update(template);
      String version = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
      return new AppShell(version, assets, new String(template, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String version() {
    return version;
  }

  /** Absolute paths, {@code /} for the app page. */
  public List<String> assets() {
    return assets;
  }

  /** The service worker script, with its version and files. */
  public String worker() {
    return worker;
  }

  /**
   * {@code GET /sw.js}: at the root so its scope is the whole app (no {@code
   * Service-Worker-Allowed} needed); revalidated on every check so a new build is seen at once.
   */
  public void mount(Router root) {
    root.get("/" + WORKER)
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/javascript; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .end(worker));
  }

  private static String pdfjsVersion(ClassLoader cl) throws IOException {
    try (InputStream in = cl.getResourceAsStream(PDFJS_POM)) {
      if (in == null) {
        throw new IllegalStateException("PDF.js WebJar not on the classpath: " + PDFJS_POM);
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    }
  }

  private static byte[] read(ClassLoader cl, String resource) throws IOException {
    try (InputStream in = cl.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("not on the classpath: " + resource);
      }
      return in.readAllBytes();
    }
  }

  /**
   * The files under classpath folder {@code dir} (relative, '/'-separated, sorted), found through
   * {@code anchor}, a file known to be in it: in a directory or in a jar (no directory entries
   * needed).
   */
  static List<String> list(ClassLoader cl, String dir, String anchor) throws IOException {
    URL url = cl.getResource(dir + anchor);
    if (url == null) {
      throw new IllegalStateException("not on the classpath: " + dir + anchor);
    }
    List<String> files = new ArrayList<>();
    if ("jar".equals(url.getProtocol())) {
      JarURLConnection connection = (JarURLConnection) url.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        for (JarEntry e : java.util.Collections.list(jar.entries())) {
          if (!e.isDirectory() && e.getName().startsWith(dir)) {
            files.add(e.getName().substring(dir.length()));
          }
        }
      }
    } else {
      Path base;
      try {
        base = Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IOException(e);
      }
      for (int i = 0; i < anchor.split("/").length; i++) {
        base = base.getParent();
      }
      Path root = base;
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile)
            .map(p -> root.relativize(p).toString().replace('\\', '/'))
            .forEach(files::add);
      }
    }
    files.sort(null);
    return files;
  }
}
