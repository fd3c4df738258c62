package org.openupdate.server.release;

/** Who made a release's signature. */
public enum SignatureSource {
  /** The server signed the manifest bytes with its active key(s) when the release was published. */
  SERVER,
  /** The vendor signed offline with gpg; the server verified it against its trusted vendor keys. */
  OFFLINE
}
