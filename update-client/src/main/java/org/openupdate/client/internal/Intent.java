package org.openupdate.client.internal;

/** What the agent means to do with an offer. */
enum Intent {
  /** Verify and describe it (check). */
  LOOK,
  /** Verify and download it ahead of an install (daemon without auto-install). */
  DOWNLOAD_ONLY,
  /** Install it inside the maintenance window. */
  INSTALL_IN_WINDOW,
  /** Install it now (apply --ignore-window). */
  INSTALL_NOW
}
