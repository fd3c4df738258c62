package org.openupdate.client.cli;

import org.openupdate.client.UpdateClient.Outcome;

/** The command line's exit codes; scripts and systemd rely on them, so they never change. */
final class ExitCode {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int CONFIG = 3;
  static final int REFUSED = 4;
  static final int BUSY = 5;
  static final int OUTSIDE_WINDOW = 6;
  static final int ROLLED_BACK = 7;
  static final int UNREACHABLE = 8;
  static final int MISCONFIGURED = 9;
  static final int FREEZE_SUSPECTED = 10;

  private ExitCode() {}

  static int of(Outcome outcome) {
    return switch (outcome) {
      case UP_TO_DATE, AVAILABLE, INSTALLED, SKIPPED, UNSKIPPED, DISMISSED, SCHEDULED -> OK;
      case FAILED -> FAILED;
      case REFUSED -> REFUSED;
      case BUSY -> BUSY;
      case OUTSIDE_WINDOW -> OUTSIDE_WINDOW;
      case ROLLED_BACK -> ROLLED_BACK;
      case UNREACHABLE -> UNREACHABLE;
      case MISCONFIGURED -> MISCONFIGURED;
      case FREEZE_SUSPECTED -> FREEZE_SUSPECTED;
    };
  }
}
