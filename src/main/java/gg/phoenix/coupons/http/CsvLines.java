package gg.phoenix.coupons.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a streamed body into lines ('\n'-terminated; the '\r' of CRLF stays, for the row's parser to drop), numbered
 * from 1, each as {@code [row, text, overlong]}. Bytes are decoded as UTF-8, a malformed sequence becoming U+FFFD.
 * A line longer than {@code maxLine} bytes is not kept whole: its first {@code maxLine} bytes stand for it, flagged
 * overlong, so that memory stays bounded whatever is sent.
 */
final class CsvLines {

  private final int maxLine;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean overlong;
  private int row;
  private JsonArray pending = new JsonArray();

  CsvLines(int maxLine) {
    this.maxLine = maxLine;
  }

  void feed(Buffer chunk) {
    byte[] bytes = chunk.getBytes();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        append(bytes, start, i);
        emit();
        start = i + 1;
      }
    }
    append(bytes, start, bytes.length);
  }

  /** The body ended: a last line without '\n' is a line too. */
  void end() {
    if (line.size() > 0 || overlong) {
      emit();
    }
  }

  /** How many lines were cut so far. */
  int rows() {
    return row;
  }

  int pendingCount() {
    return pending.size();
  }

  /** The lines cut since the last call. */
  JsonArray drain() {
    JsonArray lines = pending;
    pending = new JsonArray();
    return lines;
  }

  private void append(byte[] bytes, int from, int to) {
    int room = maxLine - line.size();
    if (to - from > room) {
      overlong = true;
    }
    line.write(bytes, from, Math.max(0, Math.min(to - from, room)));
  }

  private void emit() {
    row++;
    pending.add(new JsonArray().add(row).add(line.toString(StandardCharsets.UTF_8)).add(overlong));
    line.reset();
    overlong = false;
  }
}
