package org.openupdate.server.check;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

/**
 * The check-side features read publishing data through SQL views and events, never its entities.
 */
class CheckFeatureBoundariesTest {

  private static final JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.openupdate.server");

  private static final String[] CHECK_FEATURES = {
    "..server.check..",
    "..server.rollout..",
    "..server.license..",
    "..server.status..",
    "..server.fleet..",
    "..server.metrics.."
  };

  @Test
  void shouldNotUseEntitiesOfThePublishingFeatures() {
    noClasses()
        .that()
        .resideInAnyPackage(CHECK_FEATURES)
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.and(
                com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith(
                    Entity.class),
                com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                    "..server.release..",
                    "..server.channel..",
                    "..server.product..",
                    "..server.artifact..",
                    "..server.admin..")))
        .because(
            "entities never leave their feature: read publications through SQL in"
                + " SnapshotLoader or observe ReleaseChanged")
        .check(SERVER);
  }

  @Test
  void shouldKeepTheDecisionFreeOfFrameworks() {
    noClasses()
        .that()
        .haveSimpleNameStartingWith("DecisionEngine")
        .or()
        .haveSimpleNameStartingWith("StageEvaluator")
        .or()
        .haveSimpleNameStartingWith("Bucketing")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("jakarta..", "io.quarkus..", "io.vertx..", "java.sql..")
        .because("the decision rules are pure so that unit tests cover them without a server")
        .check(SERVER);
  }
}
