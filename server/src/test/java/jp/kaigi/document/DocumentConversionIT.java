package jp.kaigi.document;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import jp.kaigi.KaigiNode;
import jp.kaigi.testing.ApiClient;
import jp.kaigi.testing.ApiClient.Response;
import jp.kaigi.testing.Multipart;
import jp.kaigi.testing.Requirements;
import jp.kaigi.testing.TestDatabase;
import jp.kaigi.testing.TestNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Conversion limits: a conversion that times out, and a machine without LibreOffice. */
@Timeout(300)
class DocumentConversionIT {
  @TempDir Path dir;

  long meeting(ApiClient admin) {
    return admin
        .post(
            "/api/v1/meetings",
            new JsonObject()
                .put("title", "変換試験")
                .put("kind", "committee")
                .put("startsAt", "2026-12-01T10:00:00+09:00"))
        .json()
        .getLong("id");
  }

  Response upload(ApiClient as, long meeting, String name, byte[] bytes) {
    return as.execute(
        Multipart.request(
            as, "POST", "/api/v1/meetings/" + meeting + "/documents", name, bytes, Map.of()));
  }

  @Test
  @DisplayName("a conversion that takes too long is stopped: 422 conversion-timeout, nothing kept")
  void timeout() throws Exception {
    Requirements.require(
        new SofficeConverter("soffice", 1000, 1, dir).available(), "LibreOffice (soffice)");
    Path data = Files.createDirectories(dir.resolve("a"));
    try (TestNode node =
        TestNode.start(
            TestDatabase.H2,
            data,
            KaigiNode.Mode.RUN,
            Map.of("KAIGI_DOCUMENT_CONVERT_TIMEOUT_MS", "100"))) {
      ApiClient admin = node.admin();
      long m = meeting(admin);
      Response r = upload(admin, m, "plan.docx", TestFiles.corpus("katagami-dx-plan.docx"));
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(r.problemType()).isEqualTo("conversion-timeout");
      assertThat(r.json().getString("detail")).contains("PDF");
      assertThat(admin.get("/api/v1/meetings/" + m + "/documents").array()).isEmpty();
      assertThat(Files.exists(data.resolve("blobs"))).isFalse();
    }
  }

  @Test
  @DisplayName("without LibreOffice, Office uploads are told to upload PDF; images still work")
  void noLibreOffice() throws Exception {
    Path data = Files.createDirectories(dir.resolve("b"));
    try (TestNode node =
        TestNode.start(
            TestDatabase.H2,
            data,
            KaigiNode.Mode.RUN,
            Map.of("KAIGI_DOCUMENT_SOFFICE", "/nonexistent/soffice"))) {
      ApiClient admin = node.admin();
      long m = meeting(admin);
      Response r = upload(admin, m, "plan.docx", TestFiles.corpus("toon-digital-master-plan.docx"));
      assertThat(r.status()).as(r.body()).isEqualTo(422);
      assertThat(r.problemType()).isEqualTo("conversion-unavailable");
      assertThat(r.json().getString("detail")).contains("upload the document as PDF");

      BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(img, "png", png);
      Response ok = upload(admin, m, "photo.png", png.toByteArray());
      assertThat(ok.status()).as(ok.body()).isEqualTo(202);
      assertThat(
              ok.json().getJsonObject("current") == null
                  || ok.json().getJsonObject("current").getInteger("pages") == 1)
          .isTrue();
      byte[] truncated = java.util.Arrays.copyOf(png.toByteArray(), 40);
      Response bad = upload(admin, m, "broken.png", truncated);
      assertThat(bad.status()).as(bad.body()).isEqualTo(422);
    }
  }
}
