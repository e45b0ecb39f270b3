package io.tracebridge.demo.examples;

import io.tracebridge.Tracer;
import io.tracebridge.instrument.Instrument;
import io.tracebridge.instrument.Instrumented;
import io.tracebridge.otel.setup.OtelSetup;

/**
 * Scenario 4, structured fields: identifiers and measurements are typed fields, never text glued
 * into the message. {@code user_id} stays a number all the way to the subscriber (and to JSON and
 * OpenTelemetry attributes), so it can be filtered and aggregated:
 *
 * <pre>
 * ...  INFO main fetch_user{user_id=1001}: ...: Fetching user user_id=1001
 * ...  WARN main fetch_user{user_id=1001}: ...: High latency detected user_id=1001 latency_ms=50
 * </pre>
 */
public final class StructuredFieldsExample {
  private StructuredFieldsExample() {}

  /** A user service; {@code @Instrument} records the {@code userId} argument as a typed field. */
  public interface Users {
    /**
     * Fetches a user.
     *
     * @param user_id the user's id
     */
    @Instrument(name = "fetch_user")
    void fetchUser(long user_id);
  }

  static final class UserService implements Users {
    private static final Tracer TRACER = Tracer.forClass(UserService.class);

    @Override
    public void fetchUser(long userId) {
      TRACER.atInfo().field("user_id", userId).log("Fetching user");
      Examples.sleep(50);
      if (userId > 1000) {
        TRACER
            .atWarn()
            .field("user_id", userId)
            .field("latency_ms", 50)
            .log("High latency detected");
      }
    }
  }

  /**
   * Runs the example on the console.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (OtelSetup setup = Examples.init()) {
      run();
    }
  }

  static void run() {
    Users users = Instrumented.proxy(Users.class, new UserService());
    users.fetchUser(42);
    users.fetchUser(1001);
  }
}
