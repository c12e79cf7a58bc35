package jp.kaigi.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  @DisplayName("hashes use PBKDF2-SHA256 with 600,000 iterations and a fresh salt")
  void format() {
    String a = hasher.hash("正しいパスワード");
    String b = hasher.hash("正しいパスワード");
    assertThat(a).startsWith("pbkdf2-sha256$600000$");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  @DisplayName("the right password verifies, a wrong or malformed one does not")
  void verify() {
    String h = hasher.hash("correct horse");
    assertThat(hasher.verify("correct horse", h)).isTrue();
    assertThat(hasher.verify("correct horsE", h)).isFalse();
    assertThat(hasher.verify("correct horse", "md5$abc")).isFalse();
  }

  @Test
  @DisplayName(
      "hashes made with another iteration count still verify (the cost can be raised later)")
  void otherIterations() {
    String old = new PasswordHasher(1000).hash("pw-1234567");
    assertThat(old).startsWith("pbkdf2-sha256$1000$");
    assertThat(hasher.verify("pw-1234567", old)).isTrue();
  }
}
