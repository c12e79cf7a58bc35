package jp.kaigi.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestTargetCheckTest {

  @Test
  @DisplayName("every % must start two hex digits")
  void percentEscapes() {
    assertThat(RequestTargetCheck.wellEscaped("/api/v1/meetings/12")).isTrue();
    assertThat(RequestTargetCheck.wellEscaped("q=%E8%AD%B0&size=20")).isTrue();
    assertThat(RequestTargetCheck.wellEscaped("q=%e8%ad%b0")).isTrue();
    assertThat(RequestTargetCheck.wellEscaped("")).isTrue();
    assertThat(RequestTargetCheck.wellEscaped("q=%zz")).isFalse();
    assertThat(RequestTargetCheck.wellEscaped("q=%")).isFalse();
    assertThat(RequestTargetCheck.wellEscaped("q=%4")).isFalse();
    assertThat(RequestTargetCheck.wellEscaped("q=%4g")).isFalse();
    assertThat(RequestTargetCheck.wellEscaped("/a%20b/%")).isFalse();
  }
}
