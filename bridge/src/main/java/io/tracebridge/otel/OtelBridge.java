package io.tracebridge.otel;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.tracebridge.Span;
import io.tracebridge.subscriber.SpanData;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The two steps of distributed tracing, between local spans and OpenTelemetry contexts: take a
 * remote parent extracted from a carrier ({@link #setParent}), and get the context to inject into
 * an outgoing carrier ({@link #context}), as {@code tracing-opentelemetry}'s {@code
 * span.set_parent(cx)} and {@code span.context()} do.
 *
 * <pre>{@code
 * Context remote = propagator.extract(Context.root(), headers, getter);
 * Span server = TRACER.infoSpan("handle").field("otel.kind", "server").start();
 * OtelBridge.setParent(server, remote);        // before entering it
 * try (Scope s = server.enter()) {
 *   propagator.inject(OtelBridge.context(Span.current()), outgoing, setter);
 * }
 * }</pre>
 *
 * <p>Both need an {@link OpenTelemetryLayer} to have seen the span. Neither throws.
 */
public final class OtelBridge {
  private static final Logger LOG = Logger.getLogger(OtelBridge.class.getName());

  private OtelBridge() {}

  /**
   * Returns the OpenTelemetry context of {@code span}: its OpenTelemetry span (started now if it
   * had not started yet) on top of its parent's context. For {@link Span#none()}, or a span no
   * OpenTelemetry layer saw, returns the nearest ancestor's context, else {@link
   * Context#current()}.
   *
   * @param span the local span
   * @return the context to inject or to parent OpenTelemetry work to
   */
  public static Context context(Span span) {
    SpanData data = span.data();
    OtelSpanState state = data == null ? null : OpenTelemetryLayer.nearestState(data);
    return state == null ? Context.current() : state.context();
  }

  /**
   * Returns the OpenTelemetry span context of {@code span}, as {@link #context} would give it.
   *
   * @param span the local span
   * @return the span context; invalid if there is none
   */
  public static SpanContext spanContext(Span span) {
    return io.opentelemetry.api.trace.Span.fromContext(context(span)).getSpanContext();
  }

  /**
   * Returns the OpenTelemetry span context of the span a layer sees, for layers that put its ids
   * elsewhere (log lines, headers): the context of the nearest span, {@code span} or an ancestor,
   * that an OpenTelemetry layer saw.
   *
   * @param span the span as a layer sees it
   * @return the span context; invalid if no OpenTelemetry layer saw {@code span} or an ancestor
   */
  public static SpanContext spanContext(SpanData span) {
    OtelSpanState state = OpenTelemetryLayer.nearestState(span);
    return state == null ? SpanContext.getInvalid() : state.spanContext();
  }

  /**
   * Returns the OpenTelemetry context of the span a layer sees, as {@link #spanContext(SpanData)}
   * finds it, with the baggage it was started with.
   *
   * @param span the span as a layer sees it
   * @return the context, or {@link Context#root()} if no OpenTelemetry layer saw {@code span} or an
   *     ancestor
   */
  public static Context context(SpanData span) {
    OtelSpanState state = OpenTelemetryLayer.nearestState(span);
    return state == null ? Context.root() : state.context();
  }

  /**
   * Links {@code span}'s OpenTelemetry span to {@code remote}, a span context from elsewhere, such
   * as the remote parent that an inbound policy of {@code restart-with-link} turned into a link.
   * Invalid span contexts, {@link Span#none()} and spans no OpenTelemetry layer saw are ignored.
   *
   * @param span the local span
   * @param remote the span context to link to
   * @return {@code true} if the link was added
   */
  public static boolean addLink(Span span, SpanContext remote) {
    SpanData data = span.data();
    OtelSpanState state = data == null ? null : OpenTelemetryLayer.stateOf(data);
    if (state == null || remote == null || !remote.isValid()) {
      return false;
    }
    state.addLink(remote);
    return true;
  }

  /**
   * Makes {@code parent} (typically extracted from an incoming carrier) the parent of {@code
   * span}'s OpenTelemetry span. It must be called before the OpenTelemetry span starts: before the
   * local span is entered, gets a child, links, an event or its {@link #context}, or closes.
   *
   * <p>Too late, nothing changes: it returns {@code false} and logs a WARNING naming the span,
   * rather than throwing into the request. For a span no OpenTelemetry layer saw (filtered out, or
   * no bridge installed) it returns {@code false} and logs at FINE only: that is a configuration,
   * not a mistake.
   *
   * @param span the local span
   * @param parent the parent context
   * @return {@code true} if the parent was applied
   */
  public static boolean setParent(Span span, Context parent) {
    SpanData data = span.data();
    OtelSpanState state = data == null ? null : OpenTelemetryLayer.stateOf(data);
    if (state == null) {
      LOG.fine(() -> "setParent ignored: no OpenTelemetry layer saw span " + span);
      return false;
    }
    if (!state.setParent(parent == null ? Context.root() : parent)) {
      LOG.warning(
          "setParent on span '"
              + data.name()
              + "' came too late: its OpenTelemetry span already started (it was entered, had a"
              + " child, link, event or context() call, or closed), so it keeps its parent. Call"
              + " setParent right after start() and before enter().");
      return false;
    }
    return true;
  }

  /**
   * Enters {@code span} for a request that arrived with {@code remote} as its parent context (what
   * an inbound policy decided): {@code remote}, its span and baggage, is made current, and the span
   * is entered on top of it. So when no OpenTelemetry layer sees the span (its level or target is
   * filtered out, or it is {@link Span#none()}), the handler's spans and outgoing calls still join
   * the caller's trace, as with OpenTelemetry's own instrumentation turned off.
   *
   * <p>Call {@link #setParent} first, as for any server span. Close the returned scope on this
   * thread.
   *
   * @param span the server span, possibly {@link Span#none()}
   * @param remote the remote parent context; {@code null} means the root context
   * @return the scope that exits the span and restores the previous context
   */
  public static io.tracebridge.Scope enterWithRemoteParent(Span span, @Nullable Context remote) {
    io.opentelemetry.context.Scope otel = (remote == null ? Context.root() : remote).makeCurrent();
    io.tracebridge.Scope local = span.enter();
    return () -> {
      try {
        local.close();
      } finally {
        otel.close();
      }
    };
  }
}
