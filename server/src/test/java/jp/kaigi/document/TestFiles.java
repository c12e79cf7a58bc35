package jp.kaigi.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** The corpus, and bad or special files built from it at test time. */
final class TestFiles {
  static final Path CORPUS = jp.kaigi.testing.Corpus.dir();

  private TestFiles() {}

  static byte[] corpus(String name) throws IOException {
    return Files.readAllBytes(CORPUS.resolve(name));
  }

  /** A small PDF with one line of (ASCII) text per page. */
  static byte[] pdf(String... pageTexts) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (String text : pageTexts) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
          cs.newLineAtOffset(72, 700);
          cs.showText(text);
          cs.endText();
        }
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  static byte[] passwordProtected() throws IOException {
    try (PDDocument doc = Loader.loadPDF(corpus("higashiomi-dx-plan.pdf"))) {
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  static byte[] truncatedPdf() throws IOException {
    byte[] full = corpus("higashiomi-dx-plan.pdf");
    return Arrays.copyOf(full, full.length / 2);
  }

  /** A Windows executable (MZ/PE header) — uploaded under a .pdf name. */
  static byte[] exe() {
    byte[] b = new byte[4096];
    b[0] = 'M';
    b[1] = 'Z';
    b[0x3c] = (byte) 0x80;
    b[0x80] = 'P';
    b[0x81] = 'E';
    return b;
  }

  /**
   * The corpus DOCX with one extra part of {@code mb} MiB of zeros: a few hundred KB on the wire,
   * far more when unpacked.
   */
  static byte[] zipBombDocx(int mb) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipInputStream in =
            new ZipInputStream(Files.newInputStream(CORPUS.resolve("higashiomi-dx-plan.docx")));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        zip.putNextEntry(new ZipEntry(e.getName()));
        in.transferTo(zip);
        zip.closeEntry();
      }
      zip.putNextEntry(new ZipEntry("word/media/padding.bin"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < mb; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    return out.toByteArray();
  }
}
