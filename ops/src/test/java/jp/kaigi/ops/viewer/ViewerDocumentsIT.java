package jp.kaigi.ops.viewer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Meeting documents in real Chromium: a clerk uploads a real municipal PDF through the meeting page
 * (and sees a rejected file's reason), a member reads it in the PDF.js viewer and finds a page
 * through full-text search.
 */
@Timeout(600)
@DisplayName("documents, viewer and search in Chromium")
class ViewerDocumentsIT {
  static final String PDF = "higashiomi-dx-plan.pdf";

  @RegisterExtension static final ViewerNode viewer = new ViewerNode(Map.of());

  @Test
  @DisplayName("clerk uploads, member reads page 1 and 2, search opens the viewer at the hit")
  void uploadReadSearch() {
    Path pdf = BrowserSession.corpusFile(PDF);
    long meetingId = BrowserSession.demoMeetingId(viewer.node());

    // ---- the clerk uploads through the meeting page ----
    try (BrowserSession.Tablet clerk = viewer.browsers().new Tablet(viewer.node())) {
      clerk.logInAs("clerk");
      clerk.go("/meetings/" + meetingId);
      Locator docs = clerk.page.locator("#meeting-documents");
      assertThat(docs.getByTestId("upload-file")).isVisible();

      // A file that is not a PDF at all is refused with the server's reason.
      clerk.expectConsoleErrors(Pattern.compile("status of 415"));
      docs.getByTestId("upload-file")
          .setInputFiles(
              new FilePayload(
                  "fake.pdf",
                  "application/pdf",
                  "this is not a pdf".getBytes(StandardCharsets.UTF_8)));
      docs.getByTestId("upload-submit").click();
      assertThat(docs.getByTestId("upload-error")).isVisible();
      // Japanese first; the server's own (English) reason follows in full-width brackets.
      assertThat(docs.getByTestId("upload-error"))
          .containsText("この種類のファイルは登録できません。PDF、Office文書、画像を使ってください。（");
      clerk.shot(docs, "documents-clerk-rejected.png");

      docs.getByTestId("upload-file").setInputFiles(pdf);
      docs.getByLabel("資料名").fill("東近江市DX推進計画");
      docs.getByTestId("upload-submit").click();
      Locator item =
          docs.getByTestId("document-item")
              .filter(new Locator.FilterOptions().setHasText("東近江市DX推進計画"));
      assertThat(item).hasCount(1);
      // Processing ends by itself (the list polls); the item becomes a link with its pages.
      assertThat(item.getByTestId("document-open"))
          .isVisible(
              new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                  .setTimeout(120_000));
      assertThat(item).containsText("12ページ");

      // Pages without text (scanned) cannot be found by search: the clerk is told how many.
      docs.getByTestId("upload-file")
          .setInputFiles(
              new FilePayload(
                  "scan.pdf", "application/pdf", jp.kaigi.testing.TestDocuments.blankPdf(2)));
      docs.getByLabel("資料名").fill("スキャン資料");
      docs.getByTestId("upload-submit").click();
      Locator scan =
          docs.getByTestId("document-item")
              .filter(new Locator.FilterOptions().setHasText("スキャン資料"));
      assertThat(scan.getByTestId("document-no-text"))
          .hasText(
              "文字情報のないページ 2ページ（検索できません）",
              new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions()
                  .setTimeout(120_000));
      clerk.shot(docs, "documents-clerk-list.png");
      clerk.checkStayedHome();
    }

    // ---- a member opens it in the viewer ----
    try (BrowserSession.Tablet member = viewer.browsers().new Tablet(viewer.node())) {
      member.logInAs("member1");
      member.go("/meetings/" + meetingId);
      Locator link = member.page.getByTestId("document-open").first();
      assertThat(link).containsText("東近江市DX推進計画");
      assertThat(member.page.locator("#meeting-documents").getByTestId("upload-file")).hasCount(0);
      // The member is told too why search does not find the scanned one's pages.
      Locator memberDocs = member.page.getByTestId("document-item");
      assertThat(
              memberDocs
                  .filter(new Locator.FilterOptions().setHasText("スキャン資料"))
                  .getByTestId("document-no-text"))
          .hasText("文字情報のないページ 2ページ（検索できません）");
      assertThat(
              memberDocs
                  .filter(new Locator.FilterOptions().setHasText("東近江市DX推進計画"))
                  .getByTestId("document-no-text"))
          .hasCount(0);
      member.shot(member.page.locator("#meeting-documents"), "documents-member-list.png");
      link.click();
      member.waitForRenderedPage(1, 12);
      Assertions.assertThat(member.inkedPixels()).as("ink on page 1").isGreaterThan(1000);
      assertThat(member.page.getByTestId("thumbnails").locator(".thumb")).hasCount(12);
      member.screenshot("viewer-page1.png");

      member.page.getByTestId("next-page").click();
      member.waitForRenderedPage(2, 12);
      Assertions.assertThat(member.inkedPixels()).as("ink on page 2").isGreaterThan(1000);
      assertThat(member.page).hasURL(Pattern.compile("documents/\\d+\\?page=2$"));
      member.screenshot("viewer-page2.png");

      // ---- search ----
      member
          .page
          .getByRole(
              com.microsoft.playwright.options.AriaRole.LINK,
              new com.microsoft.playwright.Page.GetByRoleOptions().setName("資料検索"))
          .click();
      member.page.getByTestId("search-input").fill("ペーパーレス");
      member.page.getByTestId("search-submit").click();
      Locator hit = member.page.getByTestId("search-hit").first();
      assertThat(hit).isVisible();
      assertThat(hit.locator("mark").first()).isVisible();
      assertThat(hit).containsText("東近江市DX推進計画");
      // A few hits: an exact count ("N件見つかりました", not the "N件以上" of a lower bound).
      assertThat(member.page.locator(".search__count")).hasText(Pattern.compile("^\\d+件見つかりました$"));
      member.screenshot("search-results.png");
      Matcher m = Pattern.compile("page=(\\d+)").matcher(hit.getAttribute("href"));
      Assertions.assertThat(m.find()).isTrue();
      int hitPage = Integer.parseInt(m.group(1));
      hit.click();
      member.waitForRenderedPage(hitPage, 12);
      member.screenshot("viewer-search-hit.png");
      member.checkStayedHome();
    }
  }
}
