package org.openupdate.server.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openupdate.server.admin.AuditLog;
import org.openupdate.server.problem.ProblemException;
import org.openupdate.server.secrets.SecretBox;

/** Creates, lists and deletes subscriptions; secrets are sealed before they are stored. */
@ApplicationScoped
public class Subscriptions {

  /** One address, as mail servers accept it; no display names, no lists. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s,<>]+@[^@\\s,<>]+\\.[^@\\s,<>]+");

  @Inject Clock clock;
  @Inject AuditLog audit;
  @Inject SecretBox secrets;

  /**
   * A new subscription. {@code secret}: the webhook's HMAC key (webhook only); {@code product} and
   * {@code events}: null or empty for all.
   */
  public record SubscriptionRequest(
      @NotBlank String kind,
      @NotBlank @Size(max = 2000) String address,
      @Size(min = 16, max = 200, message = "must be 16 to 200 characters") String secret,
      @Size(max = 100) String product,
      List<String> events) {}

  /**
   * A subscription as admins see it: a Slack or Teams URL only by its host (the rest is its
   * secret), a webhook's secret never.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SubscriptionView(
      long id,
      String kind,
      String address,
      String product,
      List<String> events,
      Instant createdAt) {}

  @Transactional
  public SubscriptionView create(SubscriptionRequest request) {
    TargetKind kind =
        TargetKind.parse(request.kind())
            .orElseThrow(
                () ->
                    ProblemException.invalidField(
                        "kind",
                        "must be one of email, slack, teams, webhook, was '"
                            + request.kind()
                            + "'"));
    String address = validAddress(kind, request.address());
    if (kind == TargetKind.WEBHOOK && request.secret() == null) {
      throw ProblemException.invalidField(
          "secret", "a webhook needs a secret of 16 to 200 characters to sign with");
    }
    if (kind != TargetKind.WEBHOOK && request.secret() != null) {
      throw ProblemException.invalidField(
          "secret", "only webhooks are signed; a " + kind.json() + " target takes no secret");
    }
    List<String> events = request.events() == null ? List.of() : request.events();
    for (int i = 0; i < events.size(); i++) {
      String name = events.get(i);
      if (EventType.parse(name).isEmpty()) {
        throw ProblemException.invalidField(
            "events[" + i + "]",
            "not an event type: '"
                + name
                + "'; known: "
                + String.join(
                    ", ", Arrays.stream(EventType.values()).map(EventType::typeName).toList()));
      }
    }
    Subscription subscription = new Subscription();
    subscription.kind = kind.json();
    subscription.addressSealed = kind.addressIsSecret();
    subscription.address =
        kind.addressIsSecret() ? secrets.seal(Targets.ADDRESS_PURPOSE, address) : address;
    if (request.secret() != null) {
      subscription.secret = secrets.seal(Targets.SECRET_PURPOSE, request.secret());
      subscription.secretSealed = true;
    }
    subscription.productFilter =
        request.product() == null || request.product().isBlank() ? null : request.product();
    subscription.eventFilter = events.isEmpty() ? null : String.join(",", events);
    subscription.createdAt = clock.instant();
    subscription.persist();
    SubscriptionView view = view(subscription);
    audit.record("notification.subscribe", "subscription:" + subscription.id, null, view);
    return view;
  }

  @Transactional
  public List<SubscriptionView> list() {
    return Subscription.<Subscription>listAll().stream()
        .sorted((a, b) -> Long.compare(a.id, b.id))
        .map(this::view)
        .toList();
  }

  @Transactional
  public Optional<SubscriptionView> delete(long id) {
    return delete(id, null);
  }

  /** Deletes the subscription when it exists and is of {@code kind} (any kind when null). */
  @Transactional
  Optional<SubscriptionView> delete(long id, TargetKind kind) {
    Optional<Subscription> found =
        Subscription.<Subscription>findByIdOptional(id)
            .filter(s -> kind == null || s.targetKind() == kind);
    found.ifPresent(
        s -> {
          audit.record("notification.unsubscribe", "subscription:" + s.id, view(s), null);
          s.delete();
        });
    return found.map(this::view);
  }

  SubscriptionView view(Subscription s) {
    TargetKind kind = s.targetKind();
    String address = s.address;
    if (s.addressSealed) {
      URI uri = URI.create(secrets.open(Targets.ADDRESS_PURPOSE, s.address));
      address = uri.getScheme() + "://" + uri.getHost() + "/…";
    }
    return new SubscriptionView(
        s.id,
        kind.json(),
        address,
        s.productFilter,
        s.eventFilter == null ? List.of() : List.of(s.eventFilter.split(",")),
        s.createdAt);
  }

  private static String validAddress(TargetKind kind, String address) {
    String value = address == null ? "" : address.strip();
    if (kind == TargetKind.EMAIL) {
      if (!EMAIL.matcher(value).matches()) {
        throw ProblemException.invalidField(
            "address", "must be one email address (name@example.com), was '" + address + "'");
      }
      return value;
    }
    try {
      URI uri = URI.create(value);
      boolean https = "https".equals(uri.getScheme());
      boolean http = "http".equals(uri.getScheme());
      if (!(https || http) || uri.getHost() == null) {
        throw ProblemException.invalidField(
            "address", "must be an absolute http(s) URL, was '" + shown(kind, value) + "'");
      }
      return uri.toString();
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalidField("address", "not a URL: '" + shown(kind, value) + "'");
    }
  }

  /** A refused Slack or Teams URL is not echoed whole: it may be a real one, mistyped. */
  private static String shown(TargetKind kind, String value) {
    return kind.addressIsSecret() && value.length() > 24 ? value.substring(0, 24) + "…" : value;
  }
}
