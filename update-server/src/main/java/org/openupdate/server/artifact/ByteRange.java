package org.openupdate.server.artifact;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

/** One satisfiable byte range of a file, from an RFC 9110 {@code Range: bytes=...} header. */
record ByteRange(long first, long last) {

  private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  long length() {
    return last - first + 1;
  }

  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range to serve, or empty to serve the whole file: no header, another unit, or several
   * ranges (answering those with the full file is allowed and keeps resuming clients simple).
   *
   * @throws ProblemException 416 when the range lies outside the file
   */
  static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.replace(" ", ""));
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return Optional.empty();
    }
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0 || size == 0) {
          throw unsatisfiable(header, size);
        }
        return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
      }
      long first = Long.parseLong(m.group(1));
      long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
      if (first >= size || first > last) {
        throw unsatisfiable(header, size);
      }
      return Optional.of(new ByteRange(first, last));
    } catch (NumberFormatException e) {
      // Digits too long for a long: no file is that big.
      throw unsatisfiable(header, size);
    }
  }

  private static ProblemException unsatisfiable(String header, long size) {
    return new ProblemException(
            ProblemType.RANGE_NOT_SATISFIABLE,
            "Range '" + header + "' lies outside the artifact of " + size + " bytes")
        .withHeader("Content-Range", "bytes */" + size);
  }
}
