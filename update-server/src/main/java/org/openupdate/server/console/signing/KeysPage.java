package org.openupdate.server.console.signing;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.Frame;
import org.openupdate.server.signing.ServerKeys;

/**
 * The keys this server signs with: what agents pin, a warning while a generated key lies
 * unprotected in the data directory, and a milder note while the generated key signs protected by a
 * passphrase.
 */
public record KeysPage(
    Frame frame, List<ServerKeys.PublicKey> keys, boolean unprotectedKey, boolean generatedKeyInUse)
    implements TemplateInstance {}
