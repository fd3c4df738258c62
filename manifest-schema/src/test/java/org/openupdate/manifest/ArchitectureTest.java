package org.openupdate.manifest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(
    packages = "org.openupdate.manifest",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule contractStandsAlone =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.openupdate.server..", "org.openupdate.client..", "io.quarkus..", "jakarta..")
          .because(
              "manifest-schema is the contract both sides share: move shared code here, never"
                  + " reach from here into the server, the client or a framework");

  @ArchTest
  static final ArchRule bouncyCastleStaysBehindThePgpPackage =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.openupdate.manifest.pgp..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.bouncycastle..")
          .because("OpenPGP details live in org.openupdate.manifest.pgp; use its API instead");
}
