package jp.kaigi.document;

import java.nio.file.Path;

/** A file to send: immutable content, so its hash is a strong ETag. */
public record FileRef(Path path, String etag, long size, String contentType, String fileName) {}
