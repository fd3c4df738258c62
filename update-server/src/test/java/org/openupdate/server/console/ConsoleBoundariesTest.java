package org.openupdate.server.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.CanBeAnnotated;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

/**
 * The console shows what the features' services answer: it runs no query of its own and never
 * touches another feature's entities, so no business rule can hide in a page class.
 */
class ConsoleBoundariesTest {

  private static final com.tngtech.archunit.core.domain.JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.openupdate.server");

  @Test
  void shouldNotTouchTheEntitiesOfOtherFeatures() {
    noClasses()
        .that()
        .resideInAPackage("..server.console..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.and(
                CanBeAnnotated.Predicates.annotatedWith(Entity.class),
                DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("..server.console"))))
        .because("pages call the services the API calls; add a query to the feature's service")
        .check(SERVER);
  }

  @Test
  void shouldRunNoQueriesInPageClasses() {
    noClasses()
        .that()
        .resideInAPackage("..server.console..")
        .and()
        .doNotHaveSimpleName("ConsoleSession")
        .and()
        .doNotHaveSimpleName("ConsoleSessions")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javax.sql..", "jakarta.persistence..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.sql.Connection")
        .because(
            "only the console's own sessions are stored by the console; everything a page shows"
                + " comes from a feature's service")
        .check(SERVER);
  }
}
