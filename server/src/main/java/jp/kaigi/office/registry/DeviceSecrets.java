package jp.kaigi.office.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Device secrets: 256 random bits, shown once. Stored as SHA-256: with that much entropy a slow KDF
 * adds nothing against guessing, and the broker checks a secret on every connect.
 */
public final class DeviceSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private DeviceSecrets() {}

  public static String generate() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /**
   * Mosquitto's password_file hash ({@code $7$}: PBKDF2-HMAC-SHA512, 101 iterations, 12-byte salt,
   * 64-byte key, base64) — what {@code mosquitto_passwd} writes.
   */
  public static String mosquittoHash(String secret) {
    try {
      byte[] salt = new byte[12];
      RANDOM.nextBytes(salt);
      javax.crypto.SecretKeyFactory f =
          javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
      byte[] key =
          f.generateSecret(new javax.crypto.spec.PBEKeySpec(secret.toCharArray(), salt, 101, 512))
              .getEncoded();
      return "$7$101$"
          + Base64.getEncoder().encodeToString(salt)
          + "$"
          + Base64.getEncoder().encodeToString(key);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 missing", e);
    }
  }

  public static boolean matches(String secret, String expectedHash) {
    if (secret == null || expectedHash == null) {
      return false;
    }
    return MessageDigest.isEqual(
        hash(secret).getBytes(StandardCharsets.US_ASCII),
        expectedHash.getBytes(StandardCharsets.US_ASCII));
  }
}
