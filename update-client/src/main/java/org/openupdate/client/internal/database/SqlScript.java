package org.openupdate.client.internal.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openupdate.client.internal.Sha256;

/**
 * One SQL file split into statements at the semicolons that end them; semicolons inside quotes,
 * quoted names, comments and PostgreSQL dollar quotes ({@code DO $$ ... $$}) do not split. Each
 * statement is sent on its own, so an error names its line and a statement that must run alone
 * (PostgreSQL's {@code CREATE INDEX CONCURRENTLY}) can.
 */
final class SqlScript {
  static final String NO_TRANSACTION = "-- openupdate:no-transaction";
  private static final Pattern DOLLAR_QUOTE = Pattern.compile("\\$([A-Za-z_]\\w*)?\\$");
  final String name;

  /** Of the file's bytes, as recorded in {@code schema_migrations}. */
  final String sha256;

  /** False when the file has a line {@link #NO_TRANSACTION}: its statements run one by one. */
  final boolean inTransaction;

  final List<String> statements = new ArrayList<>();

  /** The line each statement starts on. */
  final List<Integer> lines = new ArrayList<>();

  SqlScript(String name, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String sql = new String(bytes, StandardCharsets.UTF_8);
    this.name = name;
    this.sha256 = Sha256.of(bytes);
    this.inTransaction = !sql.lines().map(String::strip).toList().contains(NO_TRANSACTION);
    split(sql);
  }

  private void split(String sql) {
    int start = 0;
    int line = 1;
    int statementLine = 0;
    int i = 0;
    Matcher dollar = DOLLAR_QUOTE.matcher(sql);
    while (i < sql.length()) {
      char c = sql.charAt(i);
      int end = i + 1;
      boolean comment = sql.startsWith("--", i) || sql.startsWith("/*", i);
      if (c == '\'' || c == '"') {
        end = closing(sql, i + 1, String.valueOf(c));
      } else if (comment) {
        end = closing(sql, i + 2, c == '-' ? "\n" : "*/");
      } else if (c == '$' && dollar.region(i, sql.length()).lookingAt()) {
        end = closing(sql, dollar.end(), dollar.group());
      } else if (c == ';') {
        end(sql.substring(start, i), statementLine);
        statementLine = 0;
        start = end;
      }
      if (statementLine == 0 && !comment && !Character.isWhitespace(c) && c != ';') {
        statementLine = line;
      }
      for (int j = i; j < end; j++) {
        line += sql.charAt(j) == '\n' ? 1 : 0;
      }
      i = end;
    }
    end(sql.substring(start), statementLine);
  }

  private void end(String statement, int line) {
    if (line > 0) {
      statements.add(statement.strip());
      lines.add(line);
    }
  }

  /** The index just past {@code close} at or after {@code from}; the end when it never comes. */
  private static int closing(String sql, int from, String close) {
    int at = sql.indexOf(close, from);
    return at < 0 ? sql.length() : at + close.length();
  }
}
