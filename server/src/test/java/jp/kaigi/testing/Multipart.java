package jp.kaigi.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Builds multipart/form-data upload requests for tests. */
public final class Multipart {
  private Multipart() {}

  public static HttpRequest request(
      ApiClient client,
      String method,
      String path,
      String fileName,
      byte[] file,
      Map<String, String> fields) {
    String boundary = "kaigi-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (var f : fields.entrySet()) {
      write(out, "--" + boundary + "\r\n");
      write(out, "Content-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n");
      write(out, f.getValue() + "\r\n");
    }
    if (file != null) {
      write(out, "--" + boundary + "\r\n");
      write(
          out, "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n");
      write(out, "Content-Type: application/octet-stream\r\n\r\n");
      out.writeBytes(file);
      write(out, "\r\n");
    }
    write(out, "--" + boundary + "--\r\n");
    return client
        .authorize(
            HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())))
        .build();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
