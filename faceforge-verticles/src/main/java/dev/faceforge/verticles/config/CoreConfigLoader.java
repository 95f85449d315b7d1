package dev.faceforge.verticles.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Loads {@code config/core.json}, creating it on first start. The file is validated completely
 * before anything is written, so a malformed file is reported and left byte-for-byte as the user
 * wrote it. When the install token is missing, 256 random bits are generated, hex-encoded, and
 * written back atomically next to every other key the user wrote. The token is never logged:
 * callers point users at the file instead.
 */
public final class CoreConfigLoader {
  private static final SecureRandom RANDOM = new SecureRandom();

  private CoreConfigLoader() {
  }

  /** Loads {@code file} (see {@link HomeLayout#coreConfigFile(Path)}); throws {@link ConfigException}. */
  public static CoreConfig load(Path file) {
    byte[] bytes = readIfExists(file);
    ObjectNode root = bytes == null ? firstStartContent() : StrictJson.readObject(file, bytes);
    CoreConfig config = CoreConfigParser.parse(file, root);
    if (config.auth().installToken() != null) {
      OwnerOnly.restrict(file);
      return config;
    }
    authSection(root).put("install_token", newInstallToken());
    try {
      AtomicFiles.write(file, StrictJson.write(root));
    } catch (IOException e) {
      throw ConfigException.io("write", file, e);
    }
    return CoreConfigParser.parse(file, root);
  }

  /** 256 bits from {@link SecureRandom}, as 64 lowercase hex characters. */
  static String newInstallToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static byte[] readIfExists(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      createFolder(file.toAbsolutePath().getParent());
      return null;
    } catch (IOException e) {
      throw ConfigException.io("read", file, e);
    }
  }

  private static void createFolder(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw ConfigException.io("create the folder", dir, e);
    }
  }

  /** A new file shows the network keys too, so users find where to change the port. */
  private static ObjectNode firstStartContent() {
    ObjectNode root = StrictJson.newObject();
    root.putObject("auth");
    CoreConfig.Network network = CoreConfig.defaults().network();
    root.putObject("network")
        .put("bind_host", network.bindHost())
        .put("core_port", network.corePort())
        .put("seaweed_s3_port", network.seaweedS3Port());
    return root;
  }

  private static ObjectNode authSection(ObjectNode root) {
    JsonNode auth = root.get("auth");
    return auth instanceof ObjectNode existing ? existing : root.putObject("auth");
  }
}
