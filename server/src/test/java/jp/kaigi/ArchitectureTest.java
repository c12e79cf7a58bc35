package jp.kaigi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Boundaries from ARCHITECTURE.md, checked. */
class ArchitectureTest {
  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("jp.kaigi");

  @Test
  @DisplayName("there is no util grab-bag package")
  void noUtil() {
    noClasses().should().resideInAPackage("..util..").allowEmptyShould(true).check(CLASSES);
  }

  @Test
  @DisplayName("no feature reaches into another feature's internal package")
  void internalsStayInternal() {
    for (String feature :
        new String[] {
          "auth", "meeting", "document", "search", "sync", "office", "savings", "store", "http"
        }) {
      noClasses()
          .that()
          .resideOutsideOfPackage("jp.kaigi." + feature + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("jp.kaigi." + feature + ".internal..")
          .allowEmptyShould(true)
          .check(CLASSES);
    }
  }

  @Test
  @DisplayName("the WebSocket gateway knows no feature that rides on it (office registers itself)")
  void gatewayIndependentOfOffice() {
    noClasses()
        .that()
        .resideInAPackage("jp.kaigi.sync..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("jp.kaigi.office..")
        .check(CLASSES);
  }

  @Test
  @DisplayName("only the wiring (jp.kaigi root and cluster) touches Hazelcast")
  void hazelcastOnlyInWiring() {
    noClasses()
        .that()
        .resideOutsideOfPackages("jp.kaigi", "jp.kaigi.cluster..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.hazelcast..")
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  @Test
  @DisplayName("the config package does not depend on the runtime it configures")
  void configHasNoRuntime() {
    noClasses()
        .that()
        .resideInAPackage("jp.kaigi.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "jp.kaigi.http..", "jp.kaigi.store..")
        .check(CLASSES);
  }
}
