package io.tracebridge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingTest {
  private static final String PROPERTY = "tracebridge.test.setting";
  // An environment variable no test environment sets.
  private static final String ENV = "TRACEBRIDGE_TEST_SETTING_NEVER_SET";

  @AfterEach
  void clear() {
    System.clearProperty(PROPERTY);
  }

  @Test
  void aSystemPropertyIsReadWithItsOrigin() {
    System.setProperty(PROPERTY, "json");
    assertThat(Setting.read(PROPERTY, ENV))
        .isEqualTo(new Setting("json", "system property " + PROPERTY));
  }

  @Test
  void neitherSetOrBlankIsUnset() {
    assertThat(Setting.read(PROPERTY, ENV)).isNull();
    System.setProperty(PROPERTY, "  ");
    assertThat(Setting.read(PROPERTY, ENV)).isNull();
    assertThat(Setting.bool(PROPERTY, ENV, true)).isTrue();
  }

  @Test
  void booleansAcceptTrueAndFalseInAnyCaseAndRejectTheRestByName() {
    System.setProperty(PROPERTY, " TRUE ");
    assertThat(Setting.bool(PROPERTY, ENV, false)).isTrue();
    System.setProperty(PROPERTY, "False");
    assertThat(Setting.bool(PROPERTY, ENV, true)).isFalse();
    System.setProperty(PROPERTY, "yes");
    assertThatThrownBy(() -> Setting.bool(PROPERTY, ENV, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid system property " + PROPERTY + " 'yes': expected true or false");
  }
}
