package org.openupdate.server.signing;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "openupdate.signing")
public interface SigningConfig {

  /**
   * Armored secret key file(s) the server signs with (production). Several files, comma separated,
   * make several active keys: every manifest then carries one signature per key.
   */
  Optional<List<Path>> keyFile();

  /**
   * Passphrase of the configured key file(s), or the one that protects the generated key; ignored
   * for configured keys that have none.
   */
  Optional<String> passphrase();

  /**
   * A file holding that passphrase (a mounted secret), instead of {@link #passphrase()}; one
   * trailing line break is not part of it.
   */
  Optional<Path> passphraseFile();

  /** Where the embedded default generates and keeps its key when no key file is configured. */
  Path generatedKeyFile();

  /** Public key files of vendors who sign offline with gpg. */
  Optional<List<Path>> trustedVendorKeys();

  /** Full fingerprints of the vendor keys to trust; a key without a pin is not trusted. */
  Optional<List<String>> trustedVendorFingerprints();
}
