package jp.kaigi.document.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;

/** PDF work on PDFBox: validation, page count, per-page text, images → PDF, thumbnails. */
public final class Pdfs {
  private Pdfs() {}

  /** Why a PDF is not acceptable. */
  public static final class BadPdfException extends Exception {
    private final String kind;

    BadPdfException(String kind, String message) {
      super(message);
      this.kind = kind;
    }

    /** {@code corrupt-pdf} or {@code password-protected}. */
    public String kind() {
      return kind;
    }
  }

  private static PDDocument load(Path pdf) throws IOException {
    // Streams from the file with a temp-file cache: a 200 MB PDF is never held in memory.
    return Loader.loadPDF(
        new RandomAccessReadBufferedFile(pdf.toFile()),
        "",
        null,
        null,
        IOUtils.createTempFileOnlyStreamCache());
  }

  /**
   * Checks that the file is a complete, readable, unencrypted-for-reading PDF and returns its page
   * count. PDFBox repairs damaged files leniently, so a truncated file (no {@code %%EOF} at its
   * end) is rejected before parsing.
   */
  public static int validate(Path pdf) throws BadPdfException, IOException {
    if (!hasEofMarker(pdf)) {
      throw new BadPdfException(
          "corrupt-pdf", "The PDF is truncated or damaged (no end-of-file marker)");
    }
    try (PDDocument doc = load(pdf)) {
      int pages = doc.getNumberOfPages();
      if (pages < 1) {
        throw new BadPdfException("corrupt-pdf", "The PDF has no pages");
      }
      return pages;
    } catch (InvalidPasswordException e) {
      throw new BadPdfException(
          "password-protected",
          "The PDF is password-protected; upload a version without a password");
    } catch (IOException e) {
      throw new BadPdfException("corrupt-pdf", "The PDF cannot be read: " + e.getMessage());
    }
  }

  private static boolean hasEofMarker(Path pdf) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(pdf.toFile(), "r")) {
      long len = f.length();
      int n = (int) Math.min(2048, len);
      byte[] tail = new byte[n];
      f.seek(len - n);
      f.readFully(tail);
      return new String(tail, StandardCharsets.ISO_8859_1).contains("%%EOF");
    }
  }

  /** The text of each page, in order (index 0 is page 1). */
  public static List<String> pageTexts(Path pdf) throws IOException {
    try (PDDocument doc = load(pdf)) {
      PDFTextStripper stripper = new PDFTextStripper();
      stripper.setSortByPosition(true);
      List<String> out = new ArrayList<>(doc.getNumberOfPages());
      for (int p = 1; p <= doc.getNumberOfPages(); p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        out.add(stripper.getText(doc));
      }
      return out;
    }
  }

  /** A one-page PDF showing a PNG or JPEG at its pixel size (72 dpi). */
  public static void imageToPdf(Path image, Path out) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDImageXObject img = PDImageXObject.createFromFileByContent(image.toFile(), doc);
      PDPage page = new PDPage(new PDRectangle(img.getWidth(), img.getHeight()));
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.drawImage(img, 0, 0, img.getWidth(), img.getHeight());
      }
      doc.save(out.toFile());
    }
  }

  /** Checks that an image decodes (a truncated PNG/JPEG is rejected). */
  public static boolean imageReadable(Path image) {
    try (InputStream in = Files.newInputStream(image)) {
      BufferedImage img = ImageIO.read(in);
      return img != null && img.getWidth() > 0 && img.getHeight() > 0;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Renders one page (1-based) as a PNG about {@code width} pixels wide. */
  public static void thumbnail(Path pdf, int page, int width, Path outPng) throws IOException {
    try (PDDocument doc = load(pdf)) {
      PDPage p = doc.getPage(page - 1);
      float scale = width / Math.max(1f, p.getCropBox().getWidth());
      BufferedImage img = new PDFRenderer(doc).renderImage(page - 1, scale, ImageType.RGB);
      if (!ImageIO.write(img, "png", outPng.toFile())) {
        throw new IOException("no PNG writer");
      }
    }
  }
}
