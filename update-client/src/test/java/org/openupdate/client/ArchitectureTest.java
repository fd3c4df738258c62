package org.openupdate.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "org.openupdate.client",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule clientNeverUsesTheServer =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.openupdate.server..")
          .because(
              "the agent runs on fleet machines without the server; share types through manifest-schema");

  @ArchTest
  static final ArchRule smallPublicFace =
      classes()
          .that()
          .resideOutsideOfPackage("org.openupdate.client.internal..")
          .and()
          .haveModifier(JavaModifier.PUBLIC)
          .should()
          .haveFullyQualifiedName("org.openupdate.client.UpdateClient")
          .orShould()
          .haveFullyQualifiedName("org.openupdate.client.cli.Main")
          .orShould()
          .beNestedClasses()
          .because(
              "only UpdateClient (with its nested builder and result types) and the CLI entry point are"
                  + " public; put everything else in org.openupdate.client.internal or make it package-private");

  @ArchTest
  static final ArchRule noJcaProviderRegistration =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.bouncycastle.jce.provider..", "org.bouncycastle.jcajce.provider..")
          .because(
              "the shaded jar keeps BouncyCastle's lightweight API only; the JCA provider is cut out");
}
