package org.openupdate.server.trust;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.problem.ProblemException;

/** Admins upload trust roots made and signed offline; the server verifies them as agents would. */
@Path("/api/v1/admin/trust/roots")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RequiresRole(Role.ADMIN)
public class TrustAdminResource {

  /**
   * @param document the root document's exact text, e.g. {@code jq --rawfile document root.json}
   * @param signature its detached signatures, armored (one block or several put together)
   */
  public record Upload(String document, String signature) {}

  @Inject TrustRootService service;
  @Inject TrustRootStore store;

  @GET
  public List<TrustRootService.RootView> list() {
    return service.list();
  }

  @POST
  public Response upload(Upload upload) {
    if (upload == null) {
      throw ProblemException.invalidField(
          "body", "a JSON object with document and signature is required");
    }
    if (upload.document() == null || upload.document().isEmpty()) {
      throw ProblemException.invalidField("document", "the root document's text is required");
    }
    if (upload.signature() == null || upload.signature().isEmpty()) {
      throw ProblemException.invalidField("signature", "its detached signature is required");
    }
    TrustRootService.RootView stored =
        service.upload(
            upload.document().getBytes(StandardCharsets.UTF_8),
            upload.signature().getBytes(StandardCharsets.UTF_8));
    store.reload();
    return Response.status(Response.Status.CREATED).entity(stored).build();
  }
}
