package org.openupdate.server.home;

import java.util.List;

/** Writes the home page; every value is escaped, although all of them come from the server. */
final class HomePage {

  private HomePage() {}

  static String render(String version, List<String> fingerprints, List<HomeResource.Link> links) {
    StringBuilder html = new StringBuilder(2048);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>OpenUpdate server ")
        .append(escape(version))
        .append("</title>\n</head>\n<body>\n<main>\n<h1>OpenUpdate server</h1>\n")
        .append("<p>Version <strong id=\"version\">")
        .append(escape(version))
        .append("</strong>. Agents ask <code>/api/v1/updates/check</code>;")
        .append(" operators use the admin API under <code>/api/v1/admin</code>")
        .append(" with a token (<code>Authorization: Bearer ...</code>).</p>\n")
        .append("<h2>Signing keys agents pin</h2>\n<ul id=\"fingerprints\">\n");
    for (String fingerprint : fingerprints) {
      html.append("<li><code>").append(escape(fingerprint)).append("</code></li>\n");
    }
    html.append("</ul>\n<h2>Where to go</h2>\n<ul>\n");
    for (HomeResource.Link link : links) {
      html.append("<li><a href=\"")
          .append(escape(link.href()))
          .append("\">")
          .append(escape(link.label()))
          .append("</a>: ")
          .append(escape(link.what()))
          .append("</li>\n");
    }
    return html.append("</ul>\n</main>\n</body>\n</html>\n").toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
