package org.openupdate.server.console.signing;

import io.quarkus.qute.TemplateInstance;
import java.util.List;
import org.openupdate.server.console.Frame;
import org.openupdate.server.signing.ServerKeys;

/**
 * The keys this server signs with: what agents pin, and a warning while the generated development
 * key is in use.
 */
public record KeysPage(Frame frame, List<ServerKeys.PublicKey> keys, boolean generatedKeyInUse)
    implements TemplateInstance {}
