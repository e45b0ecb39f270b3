package io.tracebridge.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracebridge.Level;
import org.junit.jupiter.api.Test;

class EnvFilterTest {
  @Test
  void bareLevelIsTheDefaultForEveryTarget() {
    EnvFilter filter = EnvFilter.parse("warn");

    assertThat(filter.enabled(Level.WARN, "any.Thing")).isTrue();
    assertThat(filter.enabled(Level.ERROR, "any.Thing")).isTrue();
    assertThat(filter.enabled(Level.INFO, "any.Thing")).isFalse();
  }

  @Test
  void targetDirectiveOverridesTheDefaultForThatPrefixOnly() {
    EnvFilter filter = EnvFilter.parse("info,com.acme.db=debug,com.acme.http=warn");

    assertThat(filter.enabled(Level.DEBUG, "com.acme.db")).isTrue();
    assertThat(filter.enabled(Level.DEBUG, "com.acme.db.Pool")).isTrue();
    assertThat(filter.enabled(Level.DEBUG, "com.acme.dbx.Pool")).isFalse();
    assertThat(filter.enabled(Level.INFO, "com.acme.http.Client")).isFalse();
    assertThat(filter.enabled(Level.WARN, "com.acme.http.Client")).isTrue();
    assertThat(filter.enabled(Level.INFO, "com.acme.Other")).isTrue();
    assertThat(filter.enabled(Level.DEBUG, "com.acme.Other")).isFalse();
  }

  @Test
  void longestMatchingPrefixWinsWhateverTheOrder() {
    EnvFilter filter = EnvFilter.parse("com.acme.db.Slow=trace,com.acme=error");

    assertThat(filter.enabled(Level.TRACE, "com.acme.db.Slow")).isTrue();
    assertThat(filter.enabled(Level.WARN, "com.acme.db.Fast")).isFalse();
  }

  @Test
  void nestedClassTargetsMatchTheirOuterClassPrefix() {
    EnvFilter filter = EnvFilter.parse("com.acme.App=debug");

    assertThat(filter.enabled(Level.DEBUG, "com.acme.App$Worker")).isTrue();
  }

  @Test
  void withoutABareLevelUnmatchedTargetsAreOff() {
    EnvFilter filter = EnvFilter.parse("com.acme=debug");

    assertThat(filter.enabled(Level.ERROR, "org.other.Lib")).isFalse();
    assertThat(filter.maxLevelHint()).isEqualTo(Level.DEBUG);
  }

  @Test
  void bareTargetEnablesEveryLevelAndOffDisablesATarget() {
    EnvFilter filter = EnvFilter.parse("info,com.acme.noisy=off,com.acme.deep");

    assertThat(filter.enabled(Level.ERROR, "com.acme.noisy.X")).isFalse();
    assertThat(filter.enabled(Level.TRACE, "com.acme.deep.Y")).isTrue();
    assertThat(filter.maxLevelHint()).isEqualTo(Level.TRACE);
  }

  @Test
  void whitespaceCaseAndEmptyDirectivesAreTolerated() {
    EnvFilter filter = EnvFilter.parse(" INFO , com.acme = Debug ,, ");

    assertThat(filter.enabled(Level.DEBUG, "com.acme.X")).isTrue();
    assertThat(filter.enabled(Level.DEBUG, "org.X")).isFalse();
  }

  @Test
  void offEverywhereGivesNoMaxLevel() {
    assertThat(EnvFilter.parse("off").maxLevelHint()).isNull();
  }

  @Test
  void unknownLevelFailsNamingTheDirective() {
    assertThatThrownBy(() -> EnvFilter.parse("info,com.acme=verbose"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'com.acme=verbose'")
        .hasMessageContaining("unknown level 'verbose'");
  }

  @Test
  void emptyTargetFailsNamingTheDirective() {
    assertThatThrownBy(() -> EnvFilter.parse("=debug"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'=debug'");
  }

  @Test
  void spanDirectivesAreRejectedAsUnsupported() {
    assertThatThrownBy(() -> EnvFilter.parse("com.acme[request]=debug"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not supported");
  }

  @Test
  void targetWithIllegalCharacterFailsNamingIt() {
    assertThatThrownBy(() -> EnvFilter.parse("com acme=debug"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'com acme=debug'");
  }

  @Test
  void systemPropertyIsReadAndItsErrorsNameTheProperty() {
    String old = System.getProperty(EnvFilter.PROPERTY);
    try {
      System.setProperty(EnvFilter.PROPERTY, "error,com.acme=trace");
      EnvFilter filter = EnvFilter.fromEnv();
      assertThat(filter.enabled(Level.TRACE, "com.acme.X")).isTrue();
      assertThat(filter.enabled(Level.WARN, "org.X")).isFalse();

      System.setProperty(EnvFilter.PROPERTY, "bogus=loud");
      assertThatThrownBy(EnvFilter::fromEnv)
          .hasMessageContaining("system property tracebridge.log")
          .hasMessageContaining("'bogus=loud'");
    } finally {
      if (old == null) {
        System.clearProperty(EnvFilter.PROPERTY);
      } else {
        System.setProperty(EnvFilter.PROPERTY, old);
      }
    }
  }

  @Test
  void defaultDirectivesApplyWhenNothingIsConfigured() {
    assumeTrue(
        System.getenv(EnvFilter.ENV_VAR) == null && System.getProperty(EnvFilter.PROPERTY) == null,
        "TRACEBRIDGE_LOG or tracebridge.log is set, so the default cannot be observed");
    assertThat(EnvFilter.fromEnv("debug").enabled(Level.DEBUG, "x")).isTrue();
    assertThat(EnvFilter.fromEnv().enabled(Level.DEBUG, "x")).isFalse();
  }

  @Test
  void aBareTargetAfterALevelForTheSameTargetWinsBecauseTheLastDirectiveWins() {
    EnvFilter filter = EnvFilter.parse("info,my.pkg=warn,my.pkg");

    assertThat(filter.enabled(Level.TRACE, "my.pkg.Thing")).isTrue();
  }

  @Test
  void aLevelAfterABareTargetForTheSameTargetWins() {
    EnvFilter filter = EnvFilter.parse("info,my.pkg,my.pkg=warn");

    assertThat(filter.enabled(Level.INFO, "my.pkg.Thing")).isFalse();
    assertThat(filter.enabled(Level.WARN, "my.pkg.Thing")).isTrue();
  }

  @Test
  void digitsZeroToFiveAreLevelsAsInRustsLevelFilter() {
    EnvFilter filter = EnvFilter.parse("3,a=0,b=1,c=2,d=4,e=5");

    assertThat(filter.enabled(Level.INFO, "x")).isTrue();
    assertThat(filter.enabled(Level.DEBUG, "x")).isFalse();
    assertThat(filter.enabled(Level.ERROR, "a")).isFalse();
    assertThat(filter.enabled(Level.ERROR, "b")).isTrue();
    assertThat(filter.enabled(Level.WARN, "b")).isFalse();
    assertThat(filter.enabled(Level.WARN, "c")).isTrue();
    assertThat(filter.enabled(Level.INFO, "c")).isFalse();
    assertThat(filter.enabled(Level.DEBUG, "d")).isTrue();
    assertThat(filter.enabled(Level.TRACE, "d")).isFalse();
    assertThat(filter.enabled(Level.TRACE, "e")).isTrue();
  }

  @Test
  void aNumberOutsideZeroToFiveFailsNamingTheDirective() {
    assertThatThrownBy(() -> EnvFilter.parse("info,my.pkg=6"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'my.pkg=6'")
        .hasMessageContaining("unknown level '6'");
  }

  @Test
  void aBareWordThatIsANearMissOfALevelFailsNamingItAndTheLevelMeant() {
    for (String[] typo :
        new String[][] {
          {"inf", "info"},
          {"warnn", "warn"},
          {"degub", "debug"},
          {"eror", "error"},
          {"TRCE", "trace"}
        }) {
      assertThatThrownBy(() -> EnvFilter.parse(typo[0] + ",com.acme=debug"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              "'" + typo[0] + "' is not a level; did you mean '" + typo[1] + "'?");
    }
  }

  @Test
  void aNearMissWrittenWithALevelIsATargetAsTheMessageSuggests() {
    EnvFilter filter = EnvFilter.parse("warn,inf=trace");

    assertThat(filter.enabled(Level.TRACE, "inf")).isTrue();
    assertThat(filter.enabled(Level.INFO, "other")).isFalse();
  }

  @Test
  void anyOtherBareWordIsReadAsATargetWithOneWarningThatSaysSo() {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(EnvFilter.class.getName());
    java.util.List<String> warnings = new java.util.ArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            warnings.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      EnvFilter filter = EnvFilter.parse("garbage");

      assertThat(filter.enabled(Level.ERROR, "com.acme.App")).isFalse();
      assertThat(warnings)
          .singleElement()
          .satisfies(
              w -> assertThat(w).contains("'garbage' is not a level, so it is read as the target"));
    } finally {
      logger.removeHandler(capture);
    }
  }
}
