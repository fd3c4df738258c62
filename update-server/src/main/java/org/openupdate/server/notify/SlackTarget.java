package org.openupdate.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook: a message of Block Kit blocks (header, the headline, the facts as
 * fields, the changelog, a button to the console) with {@code text} as the notification's fallback.
 */
@ApplicationScoped
class SlackTarget implements Target {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Slack's limits: header text 150 characters, section text 3000, 10 fields a section. */
  private static final int HEADER_MAX = 150;

  private static final int TEXT_MAX = 3000;
  private static final int FIELDS_MAX = 10;

  @Inject HttpPost http;

  @Override
  public void send(DeliveryWorker.Claimed delivery, Notice notice) throws DeliveryException {
    http.json(
        "Slack webhook of subscription " + delivery.subscriber().id(),
        delivery.subscriber().address(),
        payload(notice).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
        Map.of());
  }

  static ObjectNode payload(Notice notice) {
    ObjectNode message = JSON.createObjectNode();
    message.put("text", notice.subject());
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", cut(notice.subject(), HEADER_MAX));
    section(blocks, escape(notice.headline()));
    if (!notice.facts().isEmpty()) {
      ObjectNode facts = blocks.addObject().put("type", "section");
      ArrayNode fields = facts.putArray("fields");
      for (Notice.Fact fact :
          notice.facts().subList(0, Math.min(FIELDS_MAX, notice.facts().size()))) {
        fields
            .addObject()
            .put("type", "mrkdwn")
            .put("text", cut("*" + escape(fact.name()) + "*\n" + escape(fact.value()), 2000));
      }
    }
    changelog(blocks, "What's new", notice.features());
    changelog(blocks, "Bug fixes", notice.fixes());
    changelog(blocks, "Security updates", notice.security());
    notice
        .link()
        .ifPresent(
            url -> {
              ObjectNode button =
                  blocks.addObject().put("type", "actions").putArray("elements").addObject();
              button.put("type", "button").put("url", url);
              button.putObject("text").put("type", "plain_text").put("text", "Open the console");
            });
    return message;
  }

  private static void changelog(ArrayNode blocks, String title, List<String> items) {
    if (items.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder("*").append(title).append("*");
    for (String item : items) {
      text.append("\n• ").append(escape(item));
    }
    section(blocks, text.toString());
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", cut(mrkdwn, TEXT_MAX));
  }

  /** Slack's mrkdwn control characters, escaped as Slack documents. */
  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
