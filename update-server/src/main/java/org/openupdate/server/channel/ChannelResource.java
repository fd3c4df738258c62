package org.openupdate.server.channel;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;

@Path("/api/v1/admin/channels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ChannelResource {

  /** {@code follows}: optional channel whose newer releases this channel's clients also get. */
  public record NewChannel(String name, String follows, @Size(max = 500) String description) {}

  @Inject ChannelService channels;

  @GET
  public List<ChannelService.ChannelView> list() {
    return channels.list();
  }

  @GET
  @Path("/{name}")
  public ChannelService.ChannelView get(@PathParam("name") String name) {
    return channels
        .view(name)
        .orElseThrow(
            () -> new ProblemException(ProblemType.NOT_FOUND, "unknown channel '" + name + "'"));
  }

  @POST
  public Response create(@Valid NewChannel request) {
    if (request == null) {
      throw ProblemException.invalidField("body", "a JSON object with a name is required");
    }
    return Response.status(Response.Status.CREATED)
        .entity(channels.create(request.name(), request.follows(), request.description()))
        .build();
  }
}
