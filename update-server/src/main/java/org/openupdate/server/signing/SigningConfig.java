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

  /** Passphrase of the configured key file(s); ignored for unprotected keys. */
  Optional<String> passphrase();

  /** Where the embedded default generates and keeps its key when no key file is configured. */
  Path generatedKeyFile();

  /** Public key files of vendors who sign offline with gpg. */
  Optional<List<Path>> trustedVendorKeys();

  /** Full fingerprints of the vendor keys to trust; a key without a pin is not trusted. */
  Optional<List<String>> trustedVendorFingerprints();
}
