package gg.phoenix.coupons.support;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, one request per connection, bytes exactly as given: request targets that
 * java.net.URI refuses (%ZZ, raw non-ASCII, 10 kB), repeated headers, invalid UTF-8 bodies, chunked bodies.
 */
public final class RawHttp {

  /** An answer as it came back; {@code status} is -1 when the server closed without one. */
  public record Response(int status, List<String[]> headers, String body) {

    public String header(String name) {
      return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
    }

    /** The body as a JSON object, or null when it is not one. */
    public JsonObject jsonOrNull() {
      try {
        return new JsonObject(body);
      } catch (RuntimeException notJson) {
        return null;
      }
    }
  }

  private final int port;
  private final String sourceAddress;

  public RawHttp(int port) {
    this(port, null);
  }

  private RawHttp(int port, String sourceAddress) {
    this.port = port;
    this.sourceAddress = sourceAddress;
  }

  /**
   * The same client sending from another loopback address (127.0.0.2, 127.0.0.3...): another client as far as the
   * service, or nginx in front of it, can tell (java.net.http cannot choose its source address).
   */
  public RawHttp from(String source) {
    return new RawHttp(port, source);
  }

  /** A GET with the given headers (name, value pairs). */
  public Response get(String target, String... headers) throws IOException {
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      pairs.add(new String[] {headers[i], headers[i + 1]});
    }
    return send("GET", target, pairs, null, false);
  }

  /** Sends {@code method target} with the headers (name, value pairs) and body; chunked when asked. */
  public Response send(String method, String target, List<String[]> headers, byte[] body, boolean chunked) throws IOException {
    try (Socket socket = new Socket()) {
      if (sourceAddress != null) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
      }
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(15_000);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.writeBytes((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
      head.writeBytes(("Host: 127.0.0.1:" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.UTF_8));
      for (String[] h : headers) {
        head.writeBytes((h[0] + ": " + h[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      if (body != null && !chunked) {
        head.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      }
      if (body != null && chunked) {
        head.writeBytes("Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      try {
        out.write(head.toByteArray());
        if (body != null && chunked) {
          for (int at = 0; at < body.length; at += 8192) {
            int n = Math.min(8192, body.length - at);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (body != null) {
          out.write(body);
        }
        out.flush();
      } catch (IOException refusedMidway) {
        // The server may answer (413) and close before it has read everything: read what it said.
      }
      return read(socket.getInputStream());
    }
  }

  private static Response read(InputStream in) throws IOException {
    byte[] all;
    try {
      all = in.readAllBytes();
    } catch (IOException reset) {
      all = new byte[0];
    }
    String text = new String(all, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      return new Response(-1, List.of(), text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    List<String[]> headers = new ArrayList<>();
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      String name = lines[i].substring(0, colon).trim();
      String value = lines[i].substring(colon + 1).trim();
      headers.add(new String[] {name, value});
      chunked |= name.equalsIgnoreCase("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked");
    }
    String rest = text.substring(end + 4);
    return new Response(status, headers, chunked ? dechunk(rest) : rest);
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < body.length()) {
      int eol = body.indexOf("\r\n", at);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(at, eol).trim(), 16);
      if (size == 0) {
        break;
      }
      // Chunk sizes count bytes; our bodies are JSON, ASCII in practice, so chars are good enough here.
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
