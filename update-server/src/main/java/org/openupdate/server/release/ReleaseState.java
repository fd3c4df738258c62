package org.openupdate.server.release;

/** Life of a release: a draft can still change; published and pulled releases cannot. */
public enum ReleaseState {
  DRAFT,
  PUBLISHED,
  /** Pulled from every channel it was on: never offered again, its manifest no longer served. */
  PULLED
}
