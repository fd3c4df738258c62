package org.openupdate.server.console.signing;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.openupdate.server.console.Frames;
import org.openupdate.server.signing.ServerKeys;

@Path("/console/keys")
@Produces(MediaType.TEXT_HTML)
public class KeyPages {

  @Inject Frames frames;
  @Inject ServerKeys keys;

  @GET
  public String keys() {
    return new KeysPage(
            frames.frame("keys"),
            keys.publicKeys(),
            keys.unprotectedKey().isPresent(),
            keys.generatedKeyInUse())
        .render();
  }
}
