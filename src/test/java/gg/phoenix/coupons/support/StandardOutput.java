package gg.phoenix.coupons.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Runs a start-up while standard output is copied aside: the test output still shows what was printed (log lines,
 * the demo sheet), and the test reads it back.
 */
public final class StandardOutput {

  /** What {@code action} answered, and everything printed meanwhile. */
  public record Captured<T>(T value, String printed) {
  }

  private StandardOutput() {
  }

  public static <T> Captured<T> capture(Callable<T> action) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    T value;
    try {
      value = action.call();
    } finally {
      System.setOut(original);
    }
    return new Captured<>(value, captured.toString(StandardCharsets.UTF_8));
  }

  /** Writes to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      first.flush();
      second.flush();
    }
  }
}
