package dev.faceforge.verticles.read;

/** A resource's stored API document and its version (the ETag). */
public record Doc(String json, long version) {
}
