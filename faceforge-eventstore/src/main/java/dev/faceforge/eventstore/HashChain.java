package dev.faceforge.eventstore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tamper-evident chain: {@code hash = sha256(previousHash || canonical(row))}. The canonical form
 * length-prefixes every field, so no two different rows can serialize to the same bytes.
 */
public final class HashChain {
  /** The "previous hash" of position 1. */
  public static final String GENESIS = "0".repeat(64);

  private final MessageDigest digest;

  public HashChain() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  /** The hash of {@code e} chained onto {@code previousHash}; {@code e.hash()} is ignored. */
  public String hash(String previousHash, RecordedEvent e) {
    digest.reset();
    update(previousHash);
    update(Long.toString(e.position()));
    update(e.eventId());
    update(e.streamId());
    update(Long.toString(e.streamVersion()));
    update(e.type());
    update(Times.format(e.time()));
    update(e.data());
    update(e.metadata());
    return HexFormat.of().formatHex(digest.digest());
  }

  private void update(String field) {
    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
    digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(bytes);
  }
}
