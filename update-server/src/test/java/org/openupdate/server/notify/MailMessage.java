package org.openupdate.server.notify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough MIME to read what the server sent: headers, and the text and HTML parts decoded. */
record MailMessage(Map<String, String> headers, String text, String html) {

  private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\r\\n]+)\"?");

  static MailMessage parse(String raw) {
    String[] headAndBody = raw.replace("\r\n", "\n").split("\n\n", 2);
    Map<String, String> headers = headers(headAndBody[0]);
    String body = headAndBody.length > 1 ? headAndBody[1] : "";
    Matcher boundary = BOUNDARY.matcher(headers.getOrDefault("content-type", ""));
    String text = null;
    String html = null;
    if (boundary.find()) {
      for (String part : body.split("--" + Pattern.quote(boundary.group(1)))) {
        String[] partHeadAndBody = part.strip().split("\n\n", 2);
        if (partHeadAndBody.length < 2) {
          continue;
        }
        Map<String, String> partHeaders = headers(partHeadAndBody[0]);
        String decoded =
            decode(partHeadAndBody[1], partHeaders.getOrDefault("content-transfer-encoding", ""));
        String type = partHeaders.getOrDefault("content-type", "");
        if (type.startsWith("text/plain")) {
          text = decoded;
        } else if (type.startsWith("text/html")) {
          html = decoded;
        }
      }
    }
    return new MailMessage(headers, text, html);
  }

  private static Map<String, String> headers(String block) {
    Map<String, String> headers = new LinkedHashMap<>();
    String unfolded = block.replaceAll("\n[ \t]+", " ");
    for (String line : unfolded.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.putIfAbsent(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  private static String decode(String body, String encoding) {
    String e = encoding.toLowerCase(Locale.ROOT);
    if (e.equals("base64")) {
      return new String(Base64.getMimeDecoder().decode(body.strip()), StandardCharsets.UTF_8);
    }
    if (!e.equals("quoted-printable")) {
      return body;
    }
    String joined = body.replace("=\n", "");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < joined.length(); i++) {
      char c = joined.charAt(i);
      if (c == '=' && i + 2 < joined.length()) {
        bytes.write(Integer.parseInt(joined.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
