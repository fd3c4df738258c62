package org.openupdate.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A Microsoft Teams incoming webhook (or Workflows "post to a channel" URL): a message with one
 * Adaptive Card 1.4 attachment: title, headline, a FactSet, the changelog, a button to the console.
 */
@ApplicationScoped
class TeamsTarget implements Target {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject HttpPost http;

  @Override
  public void send(DeliveryWorker.Claimed delivery, Notice notice) throws DeliveryException {
    http.json(
        "Teams webhook of subscription " + delivery.subscriber().id(),
        delivery.subscriber().address(),
        payload(notice).toString().getBytes(StandardCharsets.UTF_8),
        Map.of());
  }

  static ObjectNode payload(Notice notice) {
    ObjectNode message = JSON.createObjectNode().put("type", "message");
    ObjectNode attachment = message.putArray("attachments").addObject();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.putNull("contentUrl");
    ObjectNode card = attachment.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    text(body, notice.subject()).put("weight", "Bolder").put("size", "Medium");
    text(body, notice.headline());
    if (!notice.facts().isEmpty()) {
      ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
      for (Notice.Fact fact : notice.facts()) {
        facts.addObject().put("title", fact.name()).put("value", fact.value());
      }
    }
    changelog(body, "What's new", notice.features());
    changelog(body, "Bug fixes", notice.fixes());
    changelog(body, "Security updates", notice.security());
    notice
        .link()
        .ifPresent(
            url ->
                card.putArray("actions")
                    .addObject()
                    .put("type", "Action.OpenUrl")
                    .put("title", "Open the console")
                    .put("url", url));
    return message;
  }

  private static void changelog(ArrayNode body, String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    text(body, title).put("weight", "Bolder");
    // Adaptive Cards' TextBlock renders a Markdown list.
    text(body, "- " + String.join("\n- ", items));
  }

  private static ObjectNode text(ArrayNode body, String text) {
    return body.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
  }
}
