package org.openupdate.server.console.release;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestForm;
import org.openupdate.server.admin.RequiresRole;
import org.openupdate.server.admin.Role;
import org.openupdate.server.channel.ChannelService;
import org.openupdate.server.console.FormErrors;
import org.openupdate.server.console.FormValues;
import org.openupdate.server.console.Frames;
import org.openupdate.server.console.Redirects;
import org.openupdate.server.delta.DeltaIndexes;
import org.openupdate.server.fleet.ReleaseFailuresService;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.problem.ProblemType;
import org.openupdate.server.product.ProductService;
import org.openupdate.server.release.PublishService;
import org.openupdate.server.release.ReleaseQueries;
import org.openupdate.server.release.ReleaseState;
import org.openupdate.server.release.ReleaseViews.PublicationView;
import org.openupdate.server.release.ReleaseViews.ReleaseDetail;
import org.openupdate.server.rollout.RolloutAction;
import org.openupdate.server.rollout.RolloutQueries;
import org.openupdate.server.rollout.RolloutService;
import org.openupdate.server.rollout.RolloutStatus;
import org.openupdate.server.status.StatusQueries;

/**
 * The release pages: the list, one release, and its actions (rollout steps, promote, pull), each
 * asked for on a confirmation page and answered on the release page. The same services as the admin
 * API do the work and refuse what they refuse there.
 */
@Path("/console/releases")
@Produces(MediaType.TEXT_HTML)
public class ReleasePages {

  @Inject Frames frames;
  @Inject ProductService products;
  @Inject ChannelService channels;
  @Inject ReleaseQueries releases;
  @Inject PublishService publishing;
  @Inject RolloutService rollouts;
  @Inject RolloutQueries rolloutQueries;
  @Inject StatusQueries status;
  @Inject ReleaseFailuresService failures;
  @Inject DeltaIndexes deltas;
  @Context UriInfo uri;

  @GET
  public String list(@QueryParam("product") String product, @QueryParam("state") String state) {
    String chosenProduct = FormValues.blankToNull(product);
    ReleaseState chosenState = state(FormValues.blankToNull(state));
    return new ReleasesPage(
            frames.frame("releases"),
            products.list(),
            chosenProduct,
            chosenState == null ? null : chosenState.name().toLowerCase(Locale.ROOT),
            Arrays.stream(ReleaseState.values())
                .map(s -> s.name().toLowerCase(Locale.ROOT))
                .toList(),
            releases.list(chosenProduct, chosenState))
        .render();
  }

  @GET
  @Path("/{product}/{version}")
  public String release(@PathParam("product") String product, @PathParam("version") String version)
      throws SQLException {
    ReleaseDetail detail = releases.detail(product, version);
    List<String> live =
        detail.publications().stream()
            .filter(p -> p.pulledAt() == null)
            .map(PublicationView::channel)
            .toList();
    List<String> onceOn = detail.publications().stream().map(PublicationView::channel).toList();
    List<String> promotable =
        channels.list().stream()
            .map(ChannelService.ChannelView::name)
            .filter(c -> !onceOn.contains(c))
            .toList();
    return new ReleasePage(
            frames.frame("releases"),
            detail,
            releases.changelog(product, version),
            rolloutQueries.ofRelease(product, version),
            status.summary(product, version),
            promotable,
            live,
            failures.failures(product, version).orElse(null),
            deltas.bandwidth(product, version))
        .render();
  }

  /** The current stage's counts alone, for the release page to refresh them in place. */
  @GET
  @Path("/{product}/{version}/rollouts/{channel}/counts")
  public String counts(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @PathParam("channel") String channel)
      throws SQLException {
    RolloutStatus status = rolloutQueries.status(product, version, channel);
    return new RolloutCounts(product, version, channel, status.currentStage(), status.refused())
        .render();
  }

  @GET
  @Path("/{product}/{version}/rollouts/{channel}/{action}")
  @RequiresRole(Role.PUBLISHER)
  public String confirmRollout(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @PathParam("channel") String channel,
      @PathParam("action") String action) {
    return rolloutConfirmation(product, version, channel, action(action), FormErrors.NONE);
  }

  @POST
  @Path("/{product}/{version}/rollouts/{channel}/{action}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response rollout(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @PathParam("channel") String channel,
      @PathParam("action") String action,
      @RestForm String reason) {
    RolloutAction chosen = action(action);
    String why = FormValues.blankToNull(reason);
    try {
      switch (chosen) {
        case APPROVE -> rollouts.approve(product, version, channel);
        case ADVANCE ->
            rollouts.advance(product, version, channel, why == null ? "advanced by hand" : why);
        case PAUSE -> rollouts.pause(product, version, channel);
        case RESUME -> rollouts.resume(product, version, channel);
        case HALT -> rollouts.halt(product, version, channel, why == null ? "halted by hand" : why);
      }
    } catch (ProblemException e) {
      return refused(e, rolloutConfirmation(product, version, channel, chosen, FormErrors.of(e)));
    }
    return Redirects.to(
        releasePath(product, version),
        "Rollout of " + version + " on " + channel + " " + DONE.get(chosen) + ".",
        uri);
  }

  @GET
  @Path("/{product}/{version}/pull")
  @RequiresRole(Role.PUBLISHER)
  public String confirmPull(
      @PathParam("product") String product, @PathParam("version") String version) {
    return pullPage(product, version, FormErrors.NONE);
  }

  @POST
  @Path("/{product}/{version}/pull")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response pull(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @RestForm String channel,
      @RestForm String reason,
      @RestForm String recallTo) {
    String from = FormValues.blankToNull(channel);
    String target = FormValues.blankToNull(recallTo);
    try {
      publishing.pull(product, version, from, FormValues.blankToNull(reason), target);
    } catch (ProblemException e) {
      return refused(e, pullPage(product, version, FormErrors.of(e)));
    }
    return Redirects.to(
        releasePath(product, version),
        "Pulled "
            + version
            + (from == null ? " from every channel" : " from " + from)
            + (target == null ? "." : "; its clients there are recalled to " + target + "."),
        uri);
  }

  @GET
  @Path("/{product}/{version}/{verb: publish|promote}")
  @RequiresRole(Role.PUBLISHER)
  public String confirmChannel(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @PathParam("verb") String verb,
      @QueryParam("channel") String channel) {
    return channelPage(product, version, verb, channel, PlanForm.EMPTY, FormErrors.NONE);
  }

  @POST
  @Path("/{product}/{version}/{verb: publish|promote}")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response putOnChannel(
      @PathParam("product") String product,
      @PathParam("version") String version,
      @PathParam("verb") String verb,
      @RestForm String channel,
      @RestForm String stages,
      @RestForm String minimumReports,
      @RestForm String minimumSuccessRate,
      @RestForm String maximumErrorRate) {
    PlanForm plan = new PlanForm(stages, minimumReports, minimumSuccessRate, maximumErrorRate);
    try {
      if (verb.equals("publish")) {
        publishing.publish(product, version, FormValues.blankToNull(channel), plan.toPlan());
      } else {
        publishing.promote(product, version, FormValues.blankToNull(channel), plan.toPlan());
      }
    } catch (ProblemException e) {
      return refused(e, channelPage(product, version, verb, channel, plan, FormErrors.of(e)));
    }
    return Redirects.to(
        releasePath(product, version),
        (verb.equals("publish") ? "Published " : "Promoted ") + version + " to " + channel + ".",
        uri);
  }

  private String rolloutConfirmation(
      String product, String version, String channel, RolloutAction action, FormErrors errors) {
    String name = action.wireName();
    return new ConfirmPage(
            frames.frame("releases"),
            capitalized(name) + " rollout",
            QUESTIONS.get(action).formatted(version, product, channel),
            releasePath(product, version) + "/rollouts/" + channel + "/" + name,
            capitalized(name) + " rollout",
            action == RolloutAction.HALT,
            action == RolloutAction.HALT || action == RolloutAction.ADVANCE,
            releasePath(product, version),
            errors)
        .render();
  }

  private String pullPage(String product, String version, FormErrors errors) {
    List<String> live =
        releases.detail(product, version).publications().stream()
            .filter(p -> p.pulledAt() == null)
            .map(PublicationView::channel)
            .toList();
    return new PullPage(
            frames.frame("releases"),
            product,
            version,
            live,
            releases.recallTargets(product, version),
            errors)
        .render();
  }

  private String channelPage(
      String product,
      String version,
      String verb,
      String channel,
      PlanForm plan,
      FormErrors errors) {
    return new ChannelPlanPage(
            frames.frame("releases"),
            product,
            version,
            verb,
            channels.list().stream().map(ChannelService.ChannelView::name).toList(),
            channel,
            plan,
            errors)
        .render();
  }

  /** The refusal shown on the form that was sent, with the status the API would answer. */
  static Response refused(ProblemException e, String page) {
    return Response.status(e.type().status()).entity(page).type(MediaType.TEXT_HTML).build();
  }

  static String releasePath(String product, String version) {
    return "/console/releases/" + product + "/" + version;
  }

  private static RolloutAction action(String text) {
    return Arrays.stream(RolloutAction.values())
        .filter(a -> a.wireName().equals(text))
        .findFirst()
        .orElseThrow(
            () -> new ProblemException(ProblemType.NOT_FOUND, "no rollout action '" + text + "'"));
  }

  private static ReleaseState state(String text) {
    if (text == null) {
      return null;
    }
    return Arrays.stream(ReleaseState.values())
        .filter(s -> s.name().toLowerCase(Locale.ROOT).equals(text))
        .findFirst()
        .orElseThrow(
            () ->
                ProblemException.invalidField(
                    "state", "must be draft, published or pulled, was '" + text + "'"));
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static final java.util.Map<RolloutAction, String> QUESTIONS =
      java.util.Map.of(
          RolloutAction.APPROVE,
          "Approve the rollout of %s of %s on %s? Its first stage starts now.",
          RolloutAction.ADVANCE,
          "Advance the rollout of %s of %s on %s to its next stage now, without waiting for its"
              + " thresholds?",
          RolloutAction.PAUSE,
          "Pause the rollout of %s of %s on %s? Clients already inside keep being offered it; it"
              + " does not advance.",
          RolloutAction.RESUME,
          "Resume the rollout of %s of %s on %s? Its current stage starts again.",
          RolloutAction.HALT,
          "Halt the rollout of %s of %s on %s? No client will be offered it any more until it is"
              + " resumed.");

  private static final java.util.Map<RolloutAction, String> DONE =
      java.util.Map.of(
          RolloutAction.APPROVE, "approved",
          RolloutAction.ADVANCE, "advanced to its next stage",
          RolloutAction.PAUSE, "paused",
          RolloutAction.RESUME, "resumed",
          RolloutAction.HALT, "halted: no client is offered it any more");
}
