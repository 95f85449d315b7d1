package dev.faceforge.verticles.commands;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * New resource ids: the SHA-256 (64 lowercase hex) of 256 random bits — the spec's immutable SHA-256
 * ids, unguessable and collision-free in practice.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {
  }

  public static String newId() {
    byte[] seed = new byte[32];
    RANDOM.nextBytes(seed);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
