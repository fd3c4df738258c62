package org.openupdate.server.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The plan as stored on a publication: {@code
 * {"stages":[{"percentage":5,"minimumDurationMinutes":60}, ...],
 * "thresholds":{"minimumReports":100,"minimumSuccessRate":0.99,"maximumErrorRate":0.01}}}.
 * Thresholds are optional (defaults apply); a plan whose last stage is below 100% gets a final 100%
 * stage, so every rollout can finish.
 */
public final class RolloutPlanJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RolloutPlanJson() {}

  /**
   * @param json null or blank means everyone at once
   * @throws IllegalArgumentException naming what is wrong
   */
  public static RolloutPlan parse(String json) {
    if (json == null || json.isBlank()) {
      return RolloutPlan.immediate();
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("rollout plan is not JSON: " + e.getOriginalMessage());
    }
    JsonNode stagesNode = root.path("stages");
    if (!stagesNode.isArray() || stagesNode.isEmpty()) {
      throw new IllegalArgumentException("rollout plan needs a non-empty 'stages' array");
    }
    List<Stage> stages = new ArrayList<>();
    for (JsonNode stage : stagesNode) {
      if (!stage.path("percentage").isIntegralNumber()) {
        throw new IllegalArgumentException("each stage needs an integer 'percentage'");
      }
      stages.add(
          new Stage(
              stage.get("percentage").intValue(),
              Duration.ofMinutes(stage.path("minimumDurationMinutes").asLong(0))));
    }
    if (stages.get(stages.size() - 1).percentage() < 100) {
      stages.add(new Stage(100, Duration.ZERO));
    }
    JsonNode limits = root.path("thresholds");
    Thresholds thresholds =
        limits.isObject()
            ? new Thresholds(
                limits.path("minimumReports").asInt(Thresholds.DEFAULTS.minimumReports()),
                limits
                    .path("minimumSuccessRate")
                    .asDouble(Thresholds.DEFAULTS.minimumSuccessRate()),
                limits.path("maximumErrorRate").asDouble(Thresholds.DEFAULTS.maximumErrorRate()))
            : Thresholds.DEFAULTS;
    return new RolloutPlan(stages, thresholds);
  }

  public static String write(RolloutPlan plan) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode stages = root.putArray("stages");
    for (Stage stage : plan.stages()) {
      stages
          .addObject()
          .put("percentage", stage.percentage())
          .put("minimumDurationMinutes", stage.minimumDuration().toMinutes());
    }
    root.putObject("thresholds")
        .put("minimumReports", plan.thresholds().minimumReports())
        .put("minimumSuccessRate", plan.thresholds().minimumSuccessRate())
        .put("maximumErrorRate", plan.thresholds().maximumErrorRate());
    return root.toString();
  }
}
