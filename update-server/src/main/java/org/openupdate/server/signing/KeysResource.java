package org.openupdate.server.signing;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.stream.Collectors;

/** Public keys of the server's active signing keys, for operators to pin in their clients. */
@Path("/api/v1")
public class KeysResource {

  @Inject ServerKeys keys;

  @GET
  @Path("/keys")
  @Produces(MediaType.APPLICATION_JSON)
  public List<ServerKeys.PublicKey> keys() {
    return keys.publicKeys();
  }

  @GET
  @Path("/keys.asc")
  @Produces("application/pgp-keys")
  public String armored() {
    return keys.publicKeys().stream()
        .map(ServerKeys.PublicKey::armoredPublicKey)
        .collect(Collectors.joining());
  }
}
